import math

import pytest

from matching import Document, evaluate
from matching.evaluation import score_ranking


class FixedRanker:
    def __init__(self, lists):
        self.lists = lists

    def rank(self, query, k=10):
        return [type("M", (), {"id": i})() for i in self.lists[query.id][:k]]


def test_metrics_equal_hand_computed_values():
    ranker = FixedRanker({"q1": ["a", "b", "c"], "q2": ["x", "y", "z"]})
    cases = [(Document("q1", "SE"), {"b"}), (Document("q2", "SE"), {"x", "z"})]
    result = evaluate(ranker, cases, k=10)
    ndcg1 = 1 / math.log2(3)
    ndcg2 = (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert result["cases"] == 2
    assert result["ndcg10"] == pytest.approx((ndcg1 + ndcg2) / 2)
    assert result["recall10"] == pytest.approx(1.0)
    assert result["mrr"] == pytest.approx((0.5 + 1.0) / 2)


def test_graded_relevance_and_misses():
    assert score_ranking(["a"], {"b": 2}, k=10) == {"ndcg": 0.0, "recall": 0.0, "rr": 0.0}
    assert score_ranking(["b", "a"], {"a": 1, "b": 2})["ndcg"] == pytest.approx(1.0)
    with pytest.raises(ValueError):
        score_ranking(["a"], set())
