"""``Matcher``: fit on documents, rank candidates on the other side of the border.

A fitted matcher is made of collaborators with public interfaces: a ``TextEncoder``
(``encoder_``), the ``History`` (``history_``), a ``Corpus`` of segments that takes updates
(``corpus_``), an ``Explainer`` (``explainer_``) and the ``Routes`` over the crossings
(``routes_``). The matcher scores and ranks; it keeps only the caches of a ranking (encoded
queries, unexplained rankings for ``explain``).
"""

import inspect
import math
import threading
from collections import OrderedDict
from dataclasses import replace

import numpy as np

from matching.corpus import Corpus
from matching.documents import Document
from matching.encoder import TextEncoder
from matching.explainer import Explainer
from matching.features import candidate_features, member_features
from matching.geography import Routes
from matching.history import History, check_history
from matching.scoring import make_query, profile_scores, rough_profile, weighted_score
from matching.segments import detect_language_of_text, encode, field_texts
from matching.situations import situation_of
from matching.weights import SCORE_FIELDS, Weights

_UNSAVED = ("_lock", "_query_cache", "_explain_cache")


class NotFittedError(ValueError, AttributeError):
    """Raised when ``rank`` or ``update`` is called before ``fit``."""


class Matcher:
    """Reciprocal, explained ranking of cross-strait partner candidates.

    Parameters
    ----------
    weights : Weights or None
        Component and theme weights; ``Weights()`` when None.
    char_ngrams : tuple of int, default (2, 4)
        Sizes of the ``char_wb`` n-grams. (2, 4) beat the (3, 5) we started from on the
        development set (docs/matching.md).
    char_weight : float, default 0.7
        Share of the char n-gram cosine in the text cosine; 0 drops char features.
    use_lexicon : bool, default True
        Apply the Swedish↔Danish lexicon of non-cognates before vectorising.
    text_scale : float, default 0.5
        Text cosines are divided by this (and capped at 1) to become components.
    shortlist_size : int, default 800
        Above this many candidates, a cheap word + theme score picks this many to score
        in full (segments of up to four times as many are scored through column access).
    compact_weights_from : int or None, default 3201
        From this many documents a segment keeps its text rows with 16-bit weights
        (``matching.quantized``: half the memory, same order); None: never.
    compact_every : int or None, default None
        Overlay size (documents changed since ``fit``) at which ``update`` compacts; None:
        never inside ``update`` (call ``compact`` in the background, as the app does).
    max_df : float, default 0.5
        Features in more than this share of the texts are dropped (scikit-learn's
        ``max_df``; from 50 texts on). Halves the cost of the char bigrams, same quality.
    reference_year : int or None
        The year from which the age of a cooperation is counted (a cooperation loses 15 %
        of its weight per year); None takes the newest year in the history.
    crossings : tuple of Crossing, default ()
        The bridges and ferries between countries that only water separates: nearness is
        measured over them (``matching.geography``). Empty: seat to seat.

    Attributes
    ----------
    encoder_ : TextEncoder
    n_documents_ : int
    theme_index_ : dict of str to int
    """

    def __init__(
        self,
        weights=None,
        *,
        char_ngrams=(2, 4),
        char_weight=0.7,
        use_lexicon=True,
        text_scale=0.5,
        shortlist_size=800,
        compact_weights_from=3201,
        compact_every=None,
        max_df=0.5,
        reference_year=None,
        crossings=(),
    ):
        self.weights = weights
        self.char_ngrams = char_ngrams
        self.char_weight = char_weight
        self.use_lexicon = use_lexicon
        self.text_scale = text_scale
        self.shortlist_size = shortlist_size
        self.compact_weights_from = compact_weights_from
        self.compact_every = compact_every
        self.max_df = max_df
        self.reference_year = reference_year
        self.crossings = crossings

    # -- parameters, as scikit-learn's estimators have them ---------------------------------
    @classmethod
    def _param_names(cls):
        return [name for name in inspect.signature(cls.__init__).parameters if name != "self"]

    def get_params(self, deep=True):
        """The constructor's parameters ({name: value}); ``sklearn.base.clone`` uses it."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params):
        """Set constructor parameters (refit to apply them); returns self."""
        known = set(self._param_names())
        for name, value in params.items():
            if name not in known:
                raise ValueError(f"Matcher has no parameter {name!r}")
            setattr(self, name, value)
        return self

    # -- fitting -------------------------------------------------------------------------
    def _check_params(self):
        weights = Weights() if self.weights is None else self.weights
        if not isinstance(weights, Weights):
            raise ValueError("weights must be a matching.Weights or None")
        lo, hi = self.char_ngrams
        if not (1 <= lo <= hi):
            raise ValueError(
                f"char_ngrams must be (min, max) with 1 <= min <= max, got {self.char_ngrams!r}"
            )
        if not 0 <= self.char_weight < 1:
            raise ValueError("char_weight must be in [0, 1)")
        if not self.text_scale > 0:
            raise ValueError("text_scale must be > 0")
        if int(self.shortlist_size) < 1:
            raise ValueError("shortlist_size must be >= 1")
        return weights

    def fit(self, documents, history=()):
        """Learn the shared vocabulary and encode ``documents`` and the ``history``.

        Parameters
        ----------
        documents : iterable of Document
            Ids must be unique. An empty corpus is allowed (every ranking is then empty).
        history : iterable of Cooperation, default ()
            Past cooperations: who worked with whom (members may be ids that are not
            documents), on what and when. Their texts join the vocabulary.

        Returns
        -------
        self : Matcher
        """
        weights = self._check_params()
        docs = list(documents)
        seen = set()
        for doc in docs:
            if not isinstance(doc, Document):
                raise ValueError(f"documents must be matching.Document, got {type(doc).__name__}")
            if doc.id in seen:
                raise ValueError(f"duplicate document id {doc.id!r}")
            seen.add(doc.id)
            weights.check_themes(doc.themes)
        cooperations = check_history(history)
        self.routes_ = Routes(self.crossings)
        self.weights_ = weights
        self.encoder_ = TextEncoder(
            self.char_ngrams, self.char_weight, self.use_lexicon, self.max_df
        )
        texts, languages = field_texts(docs)
        coop_languages = [detect_language_of_text(coop.text) for coop in cooperations]
        self.encoder_.fit(
            texts + [coop.text for coop in cooperations], languages + coop_languages
        )
        self.theme_index_ = {code: i for i, code in enumerate(sorted(weights.theme_weights or ()))}
        known_themes = set(self.theme_index_) if weights.theme_weights is not None else None
        if known_themes is not None:  # codes outside the taxonomy carry no weight: drop them
            cooperations = [
                c if c.themes <= known_themes else replace(c, themes=c.themes & known_themes)
                for c in cooperations
            ]
        self.history_ = History(
            cooperations, self.encoder_, self.theme_index_, self.reference_year, coop_languages
        )
        self.corpus_ = Corpus(
            docs, self.encoder_, self.theme_index_, self.history_,
            inverted_up_to=4 * int(self.shortlist_size),
            compact_weights_from=self.compact_weights_from,
        )  # fmt: skip
        self.explainer_ = Explainer(
            self.encoder_, self.history_, self.char_weight, max(4096, 3 * len(docs))
        )
        self._new_caches()
        self.n_documents_ = len(docs)
        return self

    def documents(self):
        """The documents the matcher ranks now (as fitted, with updates and removals)."""
        self._check_fitted()
        return self.corpus_.documents()

    def _segments(self):
        return self.corpus_.segments()

    # -- updates ---------------------------------------------------------------------------
    def update(self, document):
        """Add a document, or replace the one with the same id, without refitting.

        The new text is encoded with the fitted vocabulary (words it never saw are
        ignored until the next ``fit``).
        """
        return self.change(updated=[document])

    def remove(self, doc_id):
        """Forget a document; unknown ids are ignored."""
        return self.change(removed=[doc_id])

    def change(self, updated=(), removed=()):
        """``remove`` every id of ``removed``, then ``update`` every document of ``updated``
        (an id in both ends up updated), at once: many changes cost about what one does
        (the documents changed since the fit are rebuilt into one segment once, not once
        per change). A document that is not a valid ``Document`` refuses the whole batch."""
        self._check_fitted()
        updated, removed = list(updated), list(removed)
        for document in updated:
            if not isinstance(document, Document):
                raise ValueError("update takes a matching.Document")
            self.weights_.check_themes(document.themes)
        self.corpus_.change(updated, removed)
        return self._changed()

    def compact(self):
        """Fold the documents changed since ``fit`` into the base segment, keeping the
        fitted vocabulary (no text is encoded again)."""
        self._check_fitted()
        self.corpus_.compact()
        return self

    @property
    def pending_updates(self):
        """Documents changed since the last fit or compaction."""
        return self.corpus_.pending

    def _changed(self):
        with self._lock:
            self._query_cache.clear()
            self._explain_cache.clear()
        self.n_documents_ = len(self.corpus_)
        if self.compact_every is not None and self.corpus_.pending >= self.compact_every:
            self.corpus_.compact()
        return self

    # -- caches, copies and saving -----------------------------------------------------------
    def _new_caches(self):
        self._lock = threading.Lock()
        self._query_cache = OrderedDict()  # encoded queries
        self._explain_cache = OrderedDict()  # unexplained rankings, for explain()
        if getattr(self, "encoder_", None) is not None:
            self.encoder_.release_table()  # fit's bulk counting table (matching.counting)

    def clear_caches(self):
        """Forget encoded queries and explanation features (what a fresh process has)."""
        with self._lock:
            self._query_cache.clear()
            self._explain_cache.clear()
        self.explainer_.clear()

    def fork(self):
        """A matcher that shares this one's fitted data but takes its own updates."""
        self._check_fitted()
        clone = self.__class__.__new__(self.__class__)
        clone.__setstate__(self.__getstate__())
        clone.corpus_ = self.corpus_.fork()
        clone.explainer_ = Explainer(self.encoder_, self.history_, self.char_weight,
                                     self.explainer_.cache_size)  # fmt: skip
        return clone

    def __getstate__(self):
        """Saved without locks and caches (pickle or joblib; ``matching.persistence``)."""
        return {k: v for k, v in self.__dict__.items() if k not in _UNSAVED}

    def __setstate__(self, state):
        self.__dict__.update(state)
        if "encoder_" in state:
            self._new_caches()

    def _check_fitted(self):
        if not hasattr(self, "encoder_"):
            raise NotFittedError("this Matcher is not fitted yet: call fit(documents) first")

    # -- ranking ---------------------------------------------------------------------------
    def _encode_query(self, query, weights):
        with self._lock:
            cached = self._query_cache.get(query)
        if cached is None:
            enc = encode(self.encoder_, [query])
            cached = (enc.D, enc.N, enc.O, enc.W, enc.languages[0])
            with self._lock:
                self._query_cache[query] = cached
                if len(self._query_cache) > 256:
                    self._query_cache.popitem(last=False)
        return make_query(query, cached, self.theme_index_, weights)

    def rank(
        self, query, k=10, exclude=(), owners=(), weights=None, exclude_history=(), explain=True,
        countries=None,
    ):  # fmt: skip
        """The best ``k`` candidates of the other countries for ``query``, best first.

        Parameters
        ----------
        query : Document
            Need not be in the corpus; when it is, it is never its own candidate.
        k : int, default 10
        exclude : iterable of ids
            Ids never returned.
        owners : iterable of ids
            The municipalities behind the query (a project's owner; a profile's own id):
            their cooperations give the ties. Never returned.
        weights : Weights or None
            Rank with these weights instead of the fitted ones (no refit needed).
        exclude_history : iterable of cooperation ids
            Cooperations left out of every feature, as if they were not in the history
            (leave-one-out evaluation and learning).
        explain : bool, default True
            False: matches come without explanations (``explanation`` is None), which costs
            far less; ``explain(query, matches, …)`` adds them to the ones a page shows.
        countries : collection of str or None
            The countries candidates come from (an area's "other side" for the query's
            country); None: every country but the query's.

        Returns
        -------
        list of Match
        """
        self._check_fitted()
        if not isinstance(query, Document):
            raise ValueError("query must be a matching.Document")
        if not isinstance(k, int | np.integer) or k < 0:
            raise ValueError(f"k must be an int >= 0, got {k!r}")
        weights = self.weights_ if weights is None else weights
        if not isinstance(weights, Weights):
            raise ValueError("weights must be a matching.Weights or None")
        weights.check_themes(query.themes)
        if k == 0:
            return []
        owners = frozenset(owners)
        excluded = set(exclude) | owners | {query.id}
        exclude_history = frozenset(exclude_history)
        q = self._encode_query(query, weights)
        q.countries = _countries(countries, query)
        members = member_features(self.history_, q, owners, exclude_history, self.text_scale)
        q.activity_scale = self._activity_scale(members)
        q.available = self._available(q, owners, members)
        ranking = weights.in_situation(self.situation(q, owners, members, excluded))
        pooled = []
        for segment in self._segments():
            pooled.extend(self._rank_segment(segment, q, members, excluded, ranking, k))
        pooled.sort(key=lambda item: (-item[0], str(item[1].ids[item[2]])))
        ours = self.history_.owner_rows(owners) if members is not None and owners else None
        context = (owners, members, exclude_history, q.language, ours, ranking)
        if not explain:
            self._remember(query, owners, weights, exclude_history, context, pooled[:k],
                           q.countries)  # fmt: skip
        return [
            self.explainer_.match(query, segment, row, score, comps, context, explain)
            for score, segment, row, comps in pooled[:k]
        ]

    def explain(self, query, matches, owners=(), weights=None, exclude_history=(), countries=None):
        """``matches`` of an unexplained ``rank(query, …, explain=False)`` with their
        explanations, in the same order (same arguments as that call)."""
        weights = self.weights_ if weights is None else weights
        owners, exclude_history = frozenset(owners), frozenset(exclude_history)
        countries = _countries(countries, query)  # as rank keeps them
        key = (query, owners, weights, exclude_history, countries)  # by value
        with self._lock:
            found = self._explain_cache.get(key)
        rows = found[1] if found else {}
        if any(m.id not in rows for m in matches):  # not remembered: rank again, once
            ranked = self.rank(query, k=max(self.n_documents_, 1), owners=owners, weights=weights,
                               exclude_history=exclude_history, explain=False,
                               countries=countries)  # fmt: skip
            with self._lock:
                found = self._explain_cache.get(key)
            rows = found[1] if found else {}
            missing = {m.id for m in matches} - set(rows) - {m.id for m in ranked}
            if missing:
                raise ValueError(f"not candidates of this query: {sorted(map(str, missing))}")
        context = found[0]
        return [self.explainer_.match(query, *rows[m.id], context) for m in matches]

    def _remember(self, query, owners, weights, exclude_history, context, pooled, countries=None):
        """Keep what ``explain`` needs of an unexplained ranking (a few, newest last)."""
        key = (query, owners, weights, exclude_history, countries)  # by value
        rows = {segment.ids[row]: (segment, row, score, comps)
                for score, segment, row, comps in pooled}  # fmt: skip
        with self._lock:
            self._explain_cache[key] = (context, rows)
            self._explain_cache.move_to_end(key)
            while len(self._explain_cache) > 32:
                self._explain_cache.popitem(last=False)

    def situation(self, q, owners, members, excluded):
        """What the query has (``matching.situations``)."""

        def candidate(doc_id):
            for segment in self._segments():
                row = segment.row_of.get(doc_id)
                if row is not None and segment.alive[row]:
                    return bool(_from_candidate_countries(segment.country[row], q))
            return False

        member_ids = self.history_.member_ids if self.history_ is not None else []
        return situation_of(q.available, members, member_ids, owners, excluded, candidate)

    def _activity_scale(self, members):
        """log(1 + the highest activity of any document), so the most active one has 1."""
        highest = 0.0
        for segment in self._segments():
            raw = segment.activity[segment.alive]
            if members is not None:
                cols = segment.member_cols[segment.alive]
                raw = raw + np.where(cols >= 0, members["count"][np.maximum(cols, 0)], 0)
            if len(raw):
                highest = max(highest, float(raw.max()))
        return float(np.log1p(highest))

    def _available(self, q, owners, members):
        """The score components this query can have (see ``scoring.weighted_score``)."""
        available = {"activity"} if q.activity_scale > 0 else set()
        if q.D.nnz or q.theme_total > 0:
            available.add("profile")
        if members is not None:
            available.update(("history_text", "history_theme"))
            if any(o in self.history_.member_index for o in owners):
                available.update(("ties", "ties2"))
        if q.doc.location is not None:
            available.add("distance")
        return available

    def _rank_segment(self, segment, q, members, excluded, weights, k):
        """The best ``k`` rows of one segment as (score, segment, row, components)."""
        mask = segment.alive & _from_candidate_countries(segment.country, q)
        for doc_id in excluded:
            row = segment.row_of.get(doc_id)
            if row is not None:
                mask[row] = False
        rows = np.flatnonzero(mask)
        if len(rows) == 0:
            return []
        values = candidate_features(
            segment, rows, members, q, q.activity_scale, self.routes_, weights.distance_km
        )
        if len(rows) > self.shortlist_size and not segment.inverted:
            values["profile"] = rough_profile(segment, rows, q)
            rough = weighted_score(values, weights, q.available)
            keep = np.argpartition(-rough, self.shortlist_size - 1)
            keep = keep[: self.shortlist_size]
            rows = rows[keep]
            values = {name: v[keep] for name, v in values.items()}
        profile, components = profile_scores(segment, rows, q, weights, self.text_scale)
        values["profile"] = profile
        scores = weighted_score(values, weights, q.available)
        if members is None:
            for name in ("history_text", "history_theme", "ties", "ties2"):
                values[name] = np.full(len(rows), np.nan)
        components.update(values)
        take = min(k, len(rows))
        top = np.argpartition(-scores, take - 1)[:take] if take < len(rows) else range(len(rows))
        return [
            (
                float(scores[i]),
                segment,
                int(rows[i]),
                {name: v[i] for name, v in components.items()},
            )
            for i in top
        ]

    def features(
        self, query, owners=(), exclude=(), weights=None, exclude_history=(), countries=None
    ):
        """Every candidate's score components, without ranking or explaining.

        Returns
        -------
        ids : list
            The candidates (other country, not excluded, not owners), in no order.
        values : dict of str to numpy.ndarray
            One array per component of ``SCORE_FIELDS`` (NaN where nothing to compare).
        """
        self._check_fitted()
        weights = self.weights_ if weights is None else weights
        owners = frozenset(owners)
        excluded = set(exclude) | owners | {query.id}
        q = self._encode_query(query, weights)
        q.countries = _countries(countries, query)
        members = member_features(
            self.history_, q, owners, frozenset(exclude_history), self.text_scale
        )
        q.activity_scale = self._activity_scale(members)
        q.available = self._available(q, owners, members)
        weights = weights.in_situation(self.situation(q, owners, members, excluded))
        ids, values = [], {name: [] for name in SCORE_FIELDS}
        for segment in self._segments():
            rows = self._rank_segment(segment, q, members, excluded, weights, len(segment))
            for _, seg, row, comps in rows:
                ids.append(seg.ids[row])
                for name in SCORE_FIELDS:
                    values[name].append(comps[name])
        return ids, {name: np.array(v, float) for name, v in values.items()}

    def rank_many(
        self, queries, k=10, exposure_cap=None, weights=None, excludes=None, owners=None,
        countries=None, **kw,
    ):  # fmt: skip
        """Rank several queries, capping how many lists one candidate may appear in
        (``explain=False`` as in ``rank``).

        Parameters
        ----------
        queries : list of Document
        k : int
        exposure_cap : float or None
            Share of the lists (0 < cap <= 1) one candidate may appear in; None takes
            ``weights.exposure_cap``; 0 turns the cap off.
        weights : Weights or None
            Rank with these weights instead of the fitted ones.
        excludes : list of collections of ids, or None
            Per query, ids never returned for it.
        owners : list of collections of ids, or None
            Per query, the municipalities behind it (see ``rank``).
        countries : list of collections of str, or None
            Per query, the countries its candidates come from (see ``rank``).

        Returns
        -------
        list of list of Match, in the order of ``queries``
        """
        self._check_fitted()
        weights = self.weights_ if weights is None else weights
        cap = weights.exposure_cap if exposure_cap is None else exposure_cap
        if not 0 <= cap <= 1:
            raise ValueError("exposure_cap must be between 0 and 1")
        depth = k if cap == 0 else 3 * k
        excludes = excludes or [()] * len(queries)
        owners = owners or [()] * len(queries)
        countries = countries or [None] * len(queries)
        ranked = [
            self.rank(q, k=depth, exclude=ex, owners=own, weights=weights, countries=c, **kw)
            for q, ex, own, c in zip(queries, excludes, owners, countries, strict=True)
        ]
        if cap == 0:
            return ranked
        limit = max(1, math.ceil(cap * len(queries)))
        shown = {}
        out = []
        for matches in ranked:
            chosen = cap_exposure(matches, shown, limit)[:k]
            for m in chosen:
                shown[m.id] = shown.get(m.id, 0) + 1
            out.append(chosen)
        return out


def _countries(countries, query):
    """The candidate countries of a query: given, or every country of the corpus but its
    own (as a tuple, never the query's own)."""
    if countries is None:
        return None
    return tuple(c for c in countries if c != query.country)


def _from_candidate_countries(country, q):
    """Whether ``country`` (one, or an array) is a candidate country of query ``q``."""
    if q.countries is None:
        return country != q.doc.country
    return np.isin(country, q.countries)


def cap_exposure(matches, shown, limit):
    """The one exposure rule (previews and pages): a candidate already in ``limit`` or more
    other top-ten lists (``shown``: id → lists) moves below all the others, so that less
    shown candidates take its place; nothing is dropped, so a list is never left short."""
    fresh = [m for m in matches if shown.get(m.id, 0) < limit]
    return fresh + [m for m in matches if shown.get(m.id, 0) >= limit]
