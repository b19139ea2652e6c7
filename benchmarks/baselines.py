"""Baseline rankers for the quality benchmark, given what the matcher is given.

Each is fitted on the candidates (Documents) and the history (Cooperations, the case's own
left out) and ranks with ``rank(query, k, owners)``: only the other country, never the
owners. Candidates are what they did, so text baselines compare the query with each of a
candidate's past cooperations and sum the best three similarities.
"""

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

import bm25s
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from matching import Routes

BEST_FEW = 3


@dataclass(frozen=True)
class Hit:
    id: object
    score: float


class _Base:
    def fit(self, documents, history=()):
        self.docs_ = list(documents)
        self.history_ = list(history)
        self.count_ = Counter(m for c in self.history_ for m in c.members)
        return self

    def _candidates(self, query, owners, exclude):
        return [
            d.id
            for d in self.docs_
            if d.country != query.country and d.id not in owners and d.id not in exclude
        ]

    def _top(self, query, scores, k, owners=(), exclude=()):
        """The k best of the other country by ``scores`` (a dict), popularity then id next."""
        candidates = self._candidates(query, owners, exclude)
        candidates.sort(key=lambda i: (-scores.get(i, 0.0), -self.count_[i], str(i)))
        return [Hit(i, float(scores.get(i, 0.0))) for i in candidates[:k]]


class RandomRanker(_Base):
    def __init__(self, seed=0):
        self.seed = seed

    def rank(self, query, k=10, owners=(), exclude=()):
        rng = random.Random(f"{self.seed}:{query.id}")
        candidates = self._candidates(query, owners, exclude)
        rng.shuffle(candidates)
        return [Hit(i, 0.0) for i in candidates[:k]]


class PopularityRanker(_Base):
    """The municipalities with the most cooperations first."""

    def rank(self, query, k=10, owners=(), exclude=()):
        return self._top(query, {}, k, owners, exclude)


class PastPartnersRanker(_Base):
    """The owners' past partners (by shared cooperations), then popularity."""

    def rank(self, query, k=10, owners=(), exclude=()):
        shared = Counter()
        for coop in self.history_:
            if coop.members & set(owners):
                for member in coop.members:
                    shared[member] += 1
        return self._top(query, shared, k, owners, exclude)


class AdamicAdarRanker(_Base):
    """Cooperations shared with the owners, each weighted by 1 / log(its size) (Adamic and
    Adar 2003), then popularity: a tie in a pair says more than one in a network of 20."""

    def rank(self, query, k=10, owners=(), exclude=()):
        owners = set(owners)
        shared = Counter()
        for coop in self.history_:
            if coop.members & owners:
                for member in coop.members - owners:
                    shared[member] += 1.0 / math.log(1 + len(coop.members))
        return self._top(query, shared, k, owners, exclude)


class _Distances(_Base):
    """Baselines that measure km: seat to seat, or over ``crossings`` when given (as the
    matcher is given them)."""

    def __init__(self, crossings=()):
        self.crossings = crossings

    def _km(self, query):
        """{candidate id: km from the query's seat}."""
        docs = [d for d in self.docs_ if d.location]
        lat = np.array([d.location[0] for d in docs])
        lon = np.array([d.location[1] for d in docs])
        countries = np.array([d.country for d in docs])
        km = Routes(self.crossings).km(query.location, query.country, lat, lon, countries)
        return {d.id: float(x) for d, x in zip(docs, km, strict=True)}


class NearestRanker(_Distances):
    """The nearest seats first (from the owners' mean seat)."""

    def rank(self, query, k=10, owners=(), exclude=()):
        if query.location is None:
            return self._top(query, {}, k, owners, exclude)
        scores = {i: -km for i, km in self._km(query).items()}
        candidates = self._candidates(query, owners, exclude)
        candidates.sort(key=lambda i: (-scores.get(i, -1e9), str(i)))
        return [Hit(i, scores.get(i, 0.0)) for i in candidates[:k]]


class ActivityProximityRanker(_Distances):
    """A fixed, untuned mix: half log-activity (log(1 + cooperations) / log(1 + the most)),
    half nearness (exp(-km / 100)): what an adviser does without reading anything."""

    def rank(self, query, k=10, owners=(), exclude=()):
        top = max(self.count_.values(), default=0)
        km = self._km(query) if query.location else {}
        scores = {}
        for d in self.docs_:
            activity = math.log1p(self.count_[d.id]) / math.log1p(top) if top else 0.0
            near = math.exp(-km[d.id] / 100.0) if d.id in km else 0.0
            scores[d.id] = 0.5 * activity + 0.5 * near
        return self._top(query, scores, k, owners, exclude)


class ThemeOverlapRanker(_Base):
    """The share of the query's themes that a candidate's past cooperations had."""

    def rank(self, query, k=10, owners=(), exclude=()):
        themes = defaultdict(set)
        for coop in self.history_:
            for member in coop.members:
                themes[member] |= coop.themes
        if not query.themes:
            return self._top(query, {}, k, owners, exclude)
        scores = {m: len(t & query.themes) / len(query.themes) for m, t in themes.items()}
        return self._top(query, scores, k, owners, exclude)


class _PerCooperationText(_Base):
    """Compare the query with each past cooperation; a candidate sums its best three."""

    def _similarities(self, query):
        raise NotImplementedError

    def rank(self, query, k=10, owners=(), exclude=()):
        sims = self._similarities(query) if self.history_ else []
        per_member = defaultdict(list)
        for coop, sim in zip(self.history_, sims, strict=True):
            for member in coop.members:
                per_member[member].append(sim)
        scores = {m: sum(sorted(v, reverse=True)[:BEST_FEW]) for m, v in per_member.items()}
        return self._top(query, scores, k, owners, exclude)


class TfidfCharRanker(_PerCooperationText):
    """Plain scikit-learn char_wb (3, 5) TF-IDF, per cooperation."""

    def fit(self, documents, history=()):
        super().fit(documents, history)
        if self.history_:
            self.vectorizer_ = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True
            )
            self.matrix_ = self.vectorizer_.fit_transform([c.text for c in self.history_])
        return self

    def _similarities(self, query):
        return linear_kernel(self.vectorizer_.transform([query.text]), self.matrix_).ravel()


class BM25sRanker(_PerCooperationText):
    """BM25 (bm25s) with Swedish, Danish and English stop words, per cooperation."""

    def fit(self, documents, history=()):
        super().fit(documents, history)
        from matching import stop_words

        self.stopwords_ = sorted(stop_words())
        if self.history_:
            tokens = bm25s.tokenize(
                [c.text for c in self.history_], stopwords=self.stopwords_, show_progress=False
            )
            self.index_ = bm25s.BM25()
            self.index_.index(tokens, show_progress=False)
        return self

    def _similarities(self, query):
        tokens = bm25s.tokenize(
            [query.text], stopwords=self.stopwords_, show_progress=False, return_ids=False
        )[0]
        if not tokens:
            return np.zeros(len(self.history_))
        return np.asarray(self.index_.get_scores(tokens))
