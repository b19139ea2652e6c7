"""Baseline rankers for the quality benchmark, given what the matcher is given.

Each is fitted on the candidates (Documents) and the history (Cooperations, the case's own
left out) and ranks with ``rank(query, k, owners)``: only the other country, never the
owners. Candidates are what they did, so text baselines compare the query with each of a
candidate's past cooperations and sum the best three similarities.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass

import bm25s
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

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

    def _top(self, query, scores, k, owners=()):
        """The k best of the other country by ``scores`` (a dict), popularity then id next."""
        candidates = [
            d.id for d in self.docs_ if d.country != query.country and d.id not in owners
        ]
        candidates.sort(key=lambda i: (-scores.get(i, 0.0), -self.count_[i], str(i)))
        return [Hit(i, float(scores.get(i, 0.0))) for i in candidates[:k]]


class RandomRanker(_Base):
    def __init__(self, seed=0):
        self.seed = seed

    def rank(self, query, k=10, owners=()):
        rng = random.Random(f"{self.seed}:{query.id}")
        candidates = [
            d.id for d in self.docs_ if d.country != query.country and d.id not in owners
        ]
        rng.shuffle(candidates)
        return [Hit(i, 0.0) for i in candidates[:k]]


class PopularityRanker(_Base):
    """The municipalities with the most cooperations first."""

    def rank(self, query, k=10, owners=()):
        return self._top(query, {}, k, owners)


class PastPartnersRanker(_Base):
    """The owners' past partners (by shared cooperations), then popularity."""

    def rank(self, query, k=10, owners=()):
        shared = Counter()
        for coop in self.history_:
            if coop.members & set(owners):
                for member in coop.members:
                    shared[member] += 1
        return self._top(query, shared, k, owners)


class ThemeOverlapRanker(_Base):
    """The share of the query's themes that a candidate's past cooperations had."""

    def rank(self, query, k=10, owners=()):
        themes = defaultdict(set)
        for coop in self.history_:
            for member in coop.members:
                themes[member] |= coop.themes
        if not query.themes:
            return self._top(query, {}, k, owners)
        scores = {m: len(t & query.themes) / len(query.themes) for m, t in themes.items()}
        return self._top(query, scores, k, owners)


class _PerCooperationText(_Base):
    """Compare the query with each past cooperation; a candidate sums its best three."""

    def _similarities(self, query):
        raise NotImplementedError

    def rank(self, query, k=10, owners=()):
        sims = self._similarities(query) if self.history_ else []
        per_member = defaultdict(list)
        for coop, sim in zip(self.history_, sims, strict=True):
            for member in coop.members:
                per_member[member].append(sim)
        scores = {m: sum(sorted(v, reverse=True)[:BEST_FEW]) for m, v in per_member.items()}
        return self._top(query, scores, k, owners)


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
        from matching.text import stop_words

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
