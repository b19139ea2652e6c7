"""Baseline rankers for the quality benchmark, with the same ``rank`` shape as Matcher.

Each applies the cross-strait rule (only the other country, never the query itself) so
that the comparison is about ranking, not about filtering.
"""

import random
from dataclasses import dataclass

import bm25s
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel


@dataclass(frozen=True)
class Hit:
    id: object
    score: float


class _Base:
    def fit(self, documents):
        self.docs_ = list(documents)
        self.countries_ = np.array([d.country for d in self.docs_])
        return self

    def _top(self, query, scores, k):
        allowed = (self.countries_ != query.country) & np.array(
            [d.id != query.id for d in self.docs_]
        )
        scores = np.where(allowed, scores, -np.inf)
        order = np.argsort(-scores, kind="stable")[:k]
        return [Hit(self.docs_[i].id, float(scores[i])) for i in order if allowed[i]]


class RandomRanker(_Base):
    def __init__(self, seed=0):
        self.seed = seed

    def rank(self, query, k=10):
        rng = random.Random(f"{self.seed}:{query.id}")
        return self._top(query, np.array([rng.random() for _ in self.docs_]), k)


class PopularityRanker(_Base):
    """The most active municipalities first: what a directory sorted by activity shows."""

    def rank(self, query, k=10):
        return self._top(query, np.array([d.activity for d in self.docs_]), k)


class TfidfRanker(_Base):
    """Plain scikit-learn TF-IDF on the whole text (no stemming, folding or lexicon)."""

    def __init__(self, analyzer="word", ngram_range=(1, 1)):
        self.analyzer = analyzer
        self.ngram_range = ngram_range

    def fit(self, documents):
        super().fit(documents)
        self.vectorizer_ = TfidfVectorizer(
            analyzer=self.analyzer, ngram_range=self.ngram_range, sublinear_tf=True
        )
        self.matrix_ = self.vectorizer_.fit_transform([d.text for d in self.docs_])
        return self

    def rank(self, query, k=10):
        q = self.vectorizer_.transform([query.text])
        return self._top(query, linear_kernel(q, self.matrix_).ravel(), k)


class BM25sRanker(_Base):
    """BM25 (bm25s) over the whole text with Swedish, Danish and English stop words."""

    def fit(self, documents):
        super().fit(documents)
        from matching.text import stop_words

        self.stopwords_ = sorted(stop_words())
        tokens = bm25s.tokenize(
            [d.text for d in self.docs_], stopwords=self.stopwords_, show_progress=False
        )
        self.index_ = bm25s.BM25()
        self.index_.index(tokens, show_progress=False)
        return self

    def rank(self, query, k=10):
        tokens = bm25s.tokenize(
            [query.text], stopwords=self.stopwords_, show_progress=False, return_ids=False
        )[0]
        scores = self.index_.get_scores(tokens) if tokens else np.zeros(len(self.docs_))
        return self._top(query, np.asarray(scores), k)
