"""``Matcher``: fit on documents, rank candidates on the other side of the strait."""

import math
from collections import OrderedDict

import numpy as np
import scipy.sparse as sp

from matching import explain
from matching.documents import Document, Match
from matching.encoder import TextEncoder
from matching.scoring import Query, score_rows, shortlist
from matching.segments import Encoded, Segment, encode, encode_one, field_texts
from matching.weights import Weights


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
        in full.
    compact_every : int, default 512
        Overlay size (documents added or changed since ``fit``) that triggers a compaction.
    max_df : float, default 0.5
        Features in more than this share of the texts are dropped (scikit-learn's
        ``max_df``; from 50 texts on). Halves the cost of the char bigrams, same quality.

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
        compact_every=512,
        max_df=0.5,
    ):
        self.weights = weights
        self.char_ngrams = char_ngrams
        self.char_weight = char_weight
        self.use_lexicon = use_lexicon
        self.text_scale = text_scale
        self.shortlist_size = shortlist_size
        self.compact_every = compact_every
        self.max_df = max_df

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

    def fit(self, documents):
        """Learn the shared vocabulary and encode ``documents``.

        Parameters
        ----------
        documents : iterable of Document
            Ids must be unique. An empty corpus is allowed (every ranking is then empty).

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
        self.weights_ = weights
        self.encoder_ = TextEncoder(
            self.char_ngrams, self.char_weight, self.use_lexicon, self.max_df
        )
        self.encoder_.fit(*field_texts(docs))
        self.theme_index_ = {}
        for code in sorted(weights.theme_weights or ()):
            self.theme_index_.setdefault(code, len(self.theme_index_))
        self._base = self._segment(docs)
        self._overlay = {}
        self._overlay_segment = None
        self._query_cache = OrderedDict()
        self._word_cache = OrderedDict()  # explanations: word weights of candidates
        if self._base.inverted:
            # A small corpus explains every candidate soon: weigh their words once, now.
            for doc, language in zip(self._base.docs, self._base.languages, strict=True):
                self._word_cache[doc] = self.encoder_.word_weights(doc.text, language)
        self.n_documents_ = len(docs)
        return self

    def _segment(self, docs):
        inverted = len(docs) <= 4 * self.shortlist_size
        encoded = encode(self.encoder_, docs)
        return Segment(docs, encoded, self.theme_index_, inverted)

    def _check_fitted(self):
        if not hasattr(self, "encoder_"):
            raise NotFittedError("this Matcher is not fitted yet: call fit(documents) first")

    # -- incremental updates --------------------------------------------------------------
    def update(self, document):
        """Add a document, or replace the one with the same id, without refitting.

        The new text is encoded with the fitted vocabulary (words it never saw are
        ignored until the next ``fit``).
        """
        self._check_fitted()
        if not isinstance(document, Document):
            raise ValueError("update takes a matching.Document")
        self.weights_.check_themes(document.themes)
        self._retire(document.id)
        self._overlay.pop(document.id, None)
        self._overlay[document.id] = (document, encode_one(self.encoder_, document))
        self._after_overlay_change()
        return self

    def remove(self, doc_id):
        """Forget a document; unknown ids are ignored."""
        self._check_fitted()
        self._retire(doc_id)
        self._overlay.pop(doc_id, None)
        self._after_overlay_change()
        return self

    def _retire(self, doc_id):
        row = self._base.row_of.get(doc_id)
        if row is not None:
            self._base.alive[row] = False

    def _after_overlay_change(self):
        self._query_cache.clear()
        self.n_documents_ = int(self._base.alive.sum()) + len(self._overlay)
        if len(self._overlay) >= self.compact_every:
            self.compact()
            return
        # The overlay is rebuilt from rows encoded once, so an update is rankable at once.
        self._overlay_segment = None
        if self._overlay:
            docs = [doc for doc, _ in self._overlay.values()]
            rows = [enc for _, enc in self._overlay.values()]
            encoded = Encoded(
                *(
                    sp.vstack([getattr(r, name) for r in rows], format="csr")
                    for name in ("D", "N", "O", "W")
                ),
                [lang for r in rows for lang in r.languages],
            )
            self._overlay_segment = Segment(docs, encoded, self.theme_index_, inverted=True)

    def compact(self):
        """Fold the overlay into the base segment (keeps the fitted vocabulary)."""
        self._check_fitted()
        docs = [d for d, alive in zip(self._base.docs, self._base.alive, strict=True) if alive]
        docs.extend(doc for doc, _ in self._overlay.values())
        self._base = self._segment(docs)
        self._overlay = {}
        self._overlay_segment = None
        return self

    def _segments(self):
        # _after_overlay_change keeps _overlay_segment in step with _overlay.
        return [s for s in (self._base, self._overlay_segment) if s is not None and len(s)]

    # -- ranking ---------------------------------------------------------------------------
    def _encode_query(self, query, weights):
        key = query
        cached = self._query_cache.get(key)
        if cached is None:
            enc = encode(self.encoder_, [query])
            cached = (enc.D, enc.N, enc.O, enc.W, enc.languages[0])
            self._query_cache[key] = cached
            if len(self._query_cache) > 256:
                self._query_cache.popitem(last=False)
        D, N, O, W, language = cached  # noqa: E741
        for code in query.themes:
            self.theme_index_.setdefault(code, len(self.theme_index_))
        size = max(len(self.theme_index_), 1)
        theme_vector = np.zeros(size, np.float32)
        all_weights = np.zeros(size, np.float32)
        for code, col in self.theme_index_.items():
            all_weights[col] = (
                weights.theme_weight(code)
                if weights.theme_weights is None or code in weights.theme_weights
                else 0.0
            )
        for code in query.themes:
            theme_vector[self.theme_index_[code]] = weights.theme_weight(code)
        return Query(
            query, language, D, N, O, W, theme_vector, all_weights, float(theme_vector.sum())
        )

    def rank(self, query, k=10, exclude=(), weights=None):
        """The best ``k`` candidates of the other country for ``query``, best first.

        Parameters
        ----------
        query : Document
            Need not be in the corpus; when it is, it is never its own candidate.
        k : int, default 10
        exclude : iterable of ids
            Ids never returned.
        weights : Weights or None
            Rank with these weights instead of the fitted ones (no refit needed).

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
        excluded = set(exclude)
        excluded.add(query.id)
        q = self._encode_query(query, weights)
        pooled = []
        for segment in self._segments():
            mask = segment.alive & (segment.is_se != (query.country == "SE"))
            for doc_id in excluded:
                row = segment.row_of.get(doc_id)
                if row is not None:
                    mask[row] = False
            rows = np.flatnonzero(mask)
            if len(rows) == 0:
                continue
            if len(rows) > self.shortlist_size and not segment.inverted:
                rows = shortlist(segment, rows, q, self.shortlist_size)
            scores, components = score_rows(segment, rows, q, weights, self.text_scale)
            take = min(k, len(rows))
            top = (
                np.argpartition(-scores, take - 1)[:take]
                if take < len(rows)
                else np.arange(len(rows))
            )
            for i in top:
                pooled.append(
                    (
                        float(scores[i]),
                        segment,
                        int(rows[i]),
                        {name: values[i] for name, values in components.items()},
                    )
                )
        pooled.sort(key=lambda item: (-item[0], str(item[1].ids[item[2]])))
        query_words = None
        matches = []
        for score, segment, row, comps in pooled[:k]:
            if query_words is None:
                query_words = self.encoder_.word_weights(query.text, q.language)
            matches.append(self._match(query, query_words, segment, row, score, comps, weights))
        return matches

    def _match(self, query, query_words, segment, row, score, comps, weights):
        candidate = segment.docs[row]
        components = {}
        for name, value in comps.items():
            value = float(value)
            components[name] = None if math.isnan(value) else round(value, 6)
        cand_words = self._word_cache.get(candidate)
        if cand_words is None:
            cand_words = self.encoder_.word_weights(candidate.text, segment.languages[row])
            self._word_cache[candidate] = cand_words
            if len(self._word_cache) > max(4096, len(self._base)):
                self._word_cache.popitem(last=False)
        words = explain.driving_words(query_words, cand_words, self.encoder_.feature_name)
        themes = explain.shared_themes(query, candidate, weights)
        explanation = {
            "shared_themes": themes,
            "words": words,
            "limited_by": explain.limited_by(
                components["query_side"], components["candidate_side"]
            ),
            "reason": explain.reason(components, weights, themes, words),
        }
        return Match(candidate.id, round(score, 6), components, explanation)

    def rank_many(self, queries, k=10, exposure_cap=None, weights=None, excludes=None):
        """Rank several queries, capping how many lists one candidate may appear in.

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
        ranked = [
            self.rank(q, k=depth, exclude=ex, weights=weights)
            for q, ex in zip(queries, excludes, strict=True)
        ]
        if cap == 0:
            return ranked
        limit = max(1, math.ceil(cap * len(queries)))
        shown = {}
        out = []
        for matches in ranked:
            chosen = [m for m in matches if shown.get(m.id, 0) < limit][:k]
            if len(chosen) < k:  # never leave a list short because of the cap
                rest = [m for m in matches if m not in chosen]
                chosen = sorted(chosen + rest[: k - len(chosen)], key=lambda m: -m.score)
            for m in chosen:
                shown[m.id] = shown.get(m.id, 0) + 1
            out.append(chosen)
        return out
