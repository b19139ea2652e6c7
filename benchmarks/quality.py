"""Quality benchmark on real cross-border cooperations, with baselines and intervals.

Leave one cooperation out: for each cooperation with municipalities on both sides, seen
from each side (``realdata.cases``), every system is fitted on the 90 municipalities and
the history without that cooperation, and ranks all candidates of the other side. Every
baseline gets the same information: the history, the query's text and themes, its owners.

Reported: nDCG@10, Recall@10 and MRR per system with a bootstrap 95 % interval of the mean,
paired bootstrap 95 % intervals of the matcher's nDCG@10 minus each baseline's (``ci95``),
ablations of the matcher (each signal off, or one alone), the learned weights
cross-validated (leave one cooperation out; each fold's matcher fitted without it, so
nothing of a case is seen before it is scored) with their own paired intervals
(``ci95_learned_cv``), and reach: how many distinct municipalities appear across all
top-10 lists.

    .venv/bin/python benchmarks/quality.py            # prints one JSON line, last
"""

import json
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import realdata  # noqa: E402
from baselines import (  # noqa: E402
    BM25sRanker,
    PastPartnersRanker,
    PopularityRanker,
    RandomRanker,
    TfidfCharRanker,
    ThemeOverlapRanker,
)

from matching import Matcher, Weights  # noqa: E402
from matching.evaluation import bootstrap_interval, score_ranking  # noqa: E402
from matching.learning import (  # noqa: E402
    Outcome,
    feature_tables,
    fit_weights,
    rank_table,
)

K = 10
BOOTSTRAP = 2000
BASELINES = {
    "random": RandomRanker,
    "popularity": PopularityRanker,
    "past_partners": PastPartnersRanker,
    "theme_overlap": ThemeOverlapRanker,
    "tfidf_char": TfidfCharRanker,
    "bm25s": BM25sRanker,
}
HISTORY = ("history_text", "history_theme", "ties", "ties2", "activity", "distance")
ABLATIONS = {
    "matcher_no_ties": {"ties": 0.0, "ties2": 0.0},
    "matcher_no_ties2": {"ties2": 0.0},
    "matcher_no_history_text": {"history_text": 0.0},
    "matcher_no_history_theme": {"history_theme": 0.0},
    "matcher_no_activity": {"activity": 0.0},
    "matcher_no_distance": {"distance": 0.0},
    # One history signal alone (activity at 0.01 breaks its ties, as the baselines'
    # popularity does): what each carries before they are combined.
    "matcher_history_text_only": {**dict.fromkeys(HISTORY, 0.0), "history_text": 1.0,
                                  "activity": 0.01},
    "matcher_ties_only": {**dict.fromkeys(HISTORY, 0.0), "ties": 1.0, "activity": 0.01},
}  # fmt: skip


class MatcherSystem:
    """The matcher with given weights, fitted per case like the baselines."""

    def __init__(self, weights=None):
        self.weights = weights

    def fit(self, documents, history):
        self.matcher_ = Matcher(self.weights).fit(documents, history)
        return self

    def rank(self, query, k=10, owners=()):
        return self.matcher_.rank(query, k=k, owners=owners)


def bootstrap_mean(values, rng):
    """The engine's bootstrap (one for the app's evidence and the benchmark)."""
    return bootstrap_interval(values, resamples=BOOTSTRAP, rng=rng)


def summary(per_case):
    return {
        "ndcg10": round(float(np.mean([c["ndcg"] for c in per_case])), 4),
        "recall10": round(float(np.mean([c["recall"] for c in per_case])), 4),
        "mrr": round(float(np.mean([c["rr"] for c in per_case])), 4),
    }


def run_system(make, documents, cooperations, cases):
    """Per-case scores and the top-10 lists of one system, leave one cooperation out."""
    per_case, lists = [], []
    for query, owners, relevant, coop_id in cases:
        history = [c for c in cooperations if c.id != coop_id]
        system = make().fit(documents, history)
        ranked = [m.id for m in system.rank(query, k=K, owners=owners)]
        per_case.append(score_ranking(ranked, relevant, K))
        lists.append(ranked)
    return per_case, lists


def learned_cv(documents, cooperations, cases):
    """Cross-validated learned weights, per case: leave one cooperation out, as every other
    system here (both sides of a cooperation are one fold). Each fold's matcher is fitted
    without the fold's cooperation (its text, vocabulary and ties), the weights are learned
    on the other cases (each left out of its own features), and the fold's two cases are
    ranked with them."""
    outcomes = [
        Outcome(q, owners, relevant, exclude_history=frozenset([cid]), group=cid)
        for q, owners, relevant, cid in cases
    ]
    scores = [None] * len(outcomes)
    for held in sorted({o.group for o in outcomes}):
        test = [i for i, o in enumerate(outcomes) if o.group == held]
        train = [o for o in outcomes if o.group != held]
        matcher = Matcher().fit(documents, [c for c in cooperations if c.id != held])
        try:
            weights = fit_weights(feature_tables(matcher, train), train, Weights())[0]
        except ValueError:  # no positive among the training candidates
            weights = Weights()
        tables = feature_tables(matcher, [outcomes[i] for i in test])
        for i, (ids, X) in zip(test, tables, strict=True):
            ranked = rank_table(ids, X, weights, K)
            scores[i] = score_ranking(ranked, outcomes[i].positives, K)
    return scores  # in the order of ``cases``; None where no positive was a candidate


RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "quality.json"


def main():
    try:
        documents, cooperations, _seats = realdata.load()
    except realdata.MissingRecords as error:
        print(f"quality.py: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    cases = realdata.cases(documents, cooperations, _seats)
    rng = np.random.default_rng(0)
    results, per_case, reach = {}, {}, {}
    systems = {"matcher": lambda: MatcherSystem()}
    systems.update({name: cls for name, cls in BASELINES.items()})
    for name, overrides in ABLATIONS.items():
        systems[name] = lambda o=overrides: MatcherSystem(Weights().replace(**o))
    for name, make in systems.items():
        scores, lists = run_system(make, documents, cooperations, cases)
        per_case[name] = scores
        results[name] = summary(scores)
        results[name]["ndcg10_ci95"] = bootstrap_mean([c["ndcg"] for c in scores], rng)
        reach[name] = len({i for lst in lists for i in lst})
    learned = learned_cv(documents, cooperations, cases)
    scored = [i for i, c in enumerate(learned) if c is not None]
    results["matcher_learned_cv"] = summary([learned[i] for i in scored])
    results["matcher_learned_cv"]["ndcg10_ci95"] = bootstrap_mean(
        [learned[i]["ndcg"] for i in scored], rng
    )
    results["matcher_learned_cv"]["cases"] = len(scored)

    def paired(scores, name, cases_=None):
        """Bootstrap 95 % interval of ``scores`` minus baseline ``name`` over the cases."""
        cases_ = range(len(per_case[name])) if cases_ is None else cases_
        return bootstrap_mean([scores[i]["ndcg"] - per_case[name][i]["ndcg"] for i in cases_], rng)

    ci95 = {name: paired(per_case["matcher"], name) for name in BASELINES}
    ci95_learned = {name: paired(learned, name, scored) for name in BASELINES}
    truth = len({m for _, _, relevant, _ in cases for m in relevant})
    report = {
        "records": realdata.sources(),  # which records, by count and hash
        "cases": len(cases),
        "cooperations": len(cooperations),
        "matcher": results["matcher"],
        "baselines": {name: results[name] for name in BASELINES},
        "ablations": {name: results[name] for name in ABLATIONS},
        "learned_cv": results["matcher_learned_cv"],
        "reach_top10": {**reach, "true_partners": truth},
        "ci95": ci95,
        "ci95_learned_cv": ci95_learned,
    }
    line = json.dumps(report)
    # Kept in the repository: the README's table is generated from it (benchmarks/report.py).
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(line + "\n", encoding="utf-8")
    print(line)


if __name__ == "__main__":
    main()
