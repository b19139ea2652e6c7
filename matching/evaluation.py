"""Offline evaluation: nDCG@k, recall@k and MRR over (query, relevant ids) cases."""

import math
from collections import Counter

import numpy as np


def _gains(relevant):
    if isinstance(relevant, dict):
        return {doc_id: float(g) for doc_id, g in relevant.items() if g > 0}
    return {doc_id: 1.0 for doc_id in relevant}


def score_ranking(ranked_ids, relevant, k=10):
    """nDCG@k, recall@k and reciprocal rank of one ranked list of ids."""
    gains = _gains(relevant)
    if not gains:
        raise ValueError("a case needs at least one relevant id")
    top = list(ranked_ids)[:k]
    dcg = sum(gains.get(doc_id, 0.0) / math.log2(i + 2) for i, doc_id in enumerate(top))
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    hits = sum(1 for doc_id in top if doc_id in gains)
    rr = next((1.0 / (i + 1) for i, doc_id in enumerate(top) if doc_id in gains), 0.0)
    return {"ndcg": dcg / idcg, "recall": hits / min(len(gains), k), "rr": rr}


def evaluate(matcher, cases, k=10):
    """Mean nDCG@k, recall@k and MRR of ``matcher.rank`` over ``cases``.

    Parameters
    ----------
    matcher : object with ``rank(query, k=...)`` returning objects with ``.id``
    cases : iterable of (Document, relevant)
        ``relevant`` is a collection of ids, or a dict of id to graded gain.
    k : int, default 10

    Returns
    -------
    dict
        ``{"cases": n, "ndcg<k>": ..., "recall<k>": ..., "mrr": ...}``
    """
    totals = {"ndcg": 0.0, "recall": 0.0, "rr": 0.0}
    n = 0
    for query, relevant in cases:
        ranked = [m.id for m in matcher.rank(query, k=k)]
        for key, value in score_ranking(ranked, relevant, k).items():
            totals[key] += value
        n += 1
    if n == 0:
        return {"cases": 0, f"ndcg{k}": 0.0, f"recall{k}": 0.0, "mrr": 0.0}
    return {
        "cases": n,
        f"ndcg{k}": totals["ndcg"] / n,
        f"recall{k}": totals["recall"] / n,
        "mrr": totals["rr"] / n,
    }


def exposure(lists, k=10):
    """How widely lists of ids spread their slots.

    Parameters
    ----------
    lists : iterable of sequences of ids, best first
    k : int, default 10
        Only the first ``k`` ids of each list count.

    Returns
    -------
    dict
        ``coverage`` (distinct ids in any list) and ``top5_share`` (the share of all slots
        taken by the five most shown ids; None when there are no slots).
    """
    shown = Counter(doc_id for ids in lists for doc_id in list(ids)[:k])
    slots = sum(shown.values())
    return {
        "coverage": len(shown),
        "top5_share": sum(c for _, c in shown.most_common(5)) / slots if slots else None,
    }


def bootstrap_interval(values, resamples=2000, seed=0, level=0.95, rng=None):
    """A percentile bootstrap interval of the mean of ``values``.

    Parameters
    ----------
    values : iterable of float
    resamples : int, default 2000
    seed : int, default 0
        Seeds a new generator when ``rng`` is None.
    level : float, default 0.95
    rng : numpy.random.Generator or None
        A generator to draw from (the quality benchmark shares one across its intervals).

    Returns
    -------
    list of two floats ([low, high], four decimals), or None when there are no values.
    """
    values = np.asarray(list(values), float)
    if not len(values):
        return None
    rng = np.random.default_rng(seed) if rng is None else rng
    means = values[rng.integers(0, len(values), (resamples, len(values)))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    return [round(float(np.percentile(means, tail)), 4),
            round(float(np.percentile(means, 100 - tail)), 4)]  # fmt: skip
