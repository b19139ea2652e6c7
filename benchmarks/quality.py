"""Quality benchmark on real cross-border cooperations, with baselines and intervals.

Leave one cooperation out: for each cooperation with municipalities on both sides, seen
from each side (``realdata.cases``), every system is fitted on the 90 municipalities and
the history without that cooperation, and ranks all candidates of the other side. Every
baseline gets the same information: the history, the query's text and themes, its owners,
and the candidates a view leaves out.

Four views of the same cases (``view_cases``):

- ``all``: as above.
- ``newcomers``: the owners' own cooperations are hidden from every system (fit and
  features), as for a municipality that never cooperated across the strait.
- ``new_partners``: the owners' past partners are neither candidates nor answers (a
  project asking for partners it has not worked with); cases left without an answer drop.
- ``long_tail``: Malmö and København are neither candidates nor answers (the two hubs are
  in most records; the rest is what a small municipality looks for); cases left without an
  answer drop.

Reported: nDCG@10, Recall@10 and MRR per system with a bootstrap 95 % interval of the mean,
paired bootstrap 95 % intervals of the matcher's nDCG@10 minus each baseline's (``ci95``),
ablations of the matcher (each signal off, or one alone), the learned weights
cross-validated (leave one cooperation out; each fold's matcher fitted without it, so
nothing of a case is seen before it is scored) with their own paired intervals
(``ci95_learned_cv``), and reach: how many distinct municipalities appear across all
top-10 lists.

    .venv/bin/python benchmarks/quality.py            # prints one JSON line, last
"""

import argparse
import json
import pathlib
import sys
from dataclasses import dataclass

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import realdata  # noqa: E402
from baselines import (  # noqa: E402
    ActivityProximityRanker,
    AdamicAdarRanker,
    BM25sRanker,
    NearestRanker,
    PastPartnersRanker,
    PopularityRanker,
    RandomRanker,
    TfidfCharRanker,
    ThemeOverlapRanker,
)

from matching import (  # noqa: E402
    Matcher,
    Outcome,
    Weights,
    ascend_weights,
    bootstrap_interval,
    cross_validate,
    feature_tables,
    score_ranking,
)

K = 10
BOOTSTRAP = 2000
BASELINES = {
    "random": RandomRanker,
    "popularity": PopularityRanker,
    "nearest": NearestRanker,
    "nearest_crossings": lambda: NearestRanker(CROSSINGS),
    "activity_proximity": lambda: ActivityProximityRanker(CROSSINGS),
    "past_partners": PastPartnersRanker,
    "adamic_adar": AdamicAdarRanker,
    "theme_overlap": ThemeOverlapRanker,
    "tfidf_char": TfidfCharRanker,
    "bm25s": BM25sRanker,
}
VIEWS = ("all", "newcomers", "new_partners", "long_tail")
CROSSINGS = realdata.crossings()  # given to the matcher and to every baseline that measures km
HUBS = frozenset({"1280", "101"})  # Malmö, København
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


@dataclass(frozen=True)
class Case:
    """One query of one view: what every system is given, and the answers."""

    query: object
    owners: frozenset
    relevant: frozenset
    cooperation: str
    history: tuple  # the cooperations a system is fitted on
    exclude: frozenset  # candidates the view leaves out
    hidden: frozenset  # ids of cooperations hidden from the history (for the learner)


def view_cases(view, cases, cooperations):
    """The cases of one view (see the module's docstring), in the order of ``cases``."""
    out = []
    for query, owners, relevant, coop_id in cases:
        hidden = {coop_id}
        if view == "newcomers":
            hidden |= {c.id for c in cooperations if c.members & owners}
        history = tuple(c for c in cooperations if c.id not in hidden)
        exclude = frozenset()
        if view == "new_partners":
            exclude = frozenset({m for c in history if c.members & owners for m in c.members})
            exclude -= owners
        elif view == "long_tail":
            exclude = HUBS
        answers = frozenset(relevant - exclude)
        if answers:
            out.append(Case(query, owners, answers, coop_id, history, exclude,
                            frozenset(hidden)))  # fmt: skip
    return out


class MatcherSystem:
    """The matcher with given weights, fitted per case like the baselines."""

    def __init__(self, weights=None):
        self.weights = weights

    def fit(self, documents, history):
        self.matcher_ = Matcher(self.weights, crossings=CROSSINGS).fit(documents, history)
        return self

    def rank(self, query, k=10, owners=(), exclude=()):
        return self.matcher_.rank(query, k=k, owners=owners, exclude=exclude, explain=False)


def bootstrap_mean(values, rng):
    """The engine's bootstrap (one for the app's evidence and the benchmark)."""
    return bootstrap_interval(values, resamples=BOOTSTRAP, rng=rng)


def summary(per_case):
    return {
        "ndcg10": round(float(np.mean([c["ndcg"] for c in per_case])), 4),
        "recall10": round(float(np.mean([c["recall"] for c in per_case])), 4),
        "mrr": round(float(np.mean([c["rr"] for c in per_case])), 4),
    }


def run_system(make, documents, cases):
    """Per-case scores and the top-10 lists of one system, leave one cooperation out."""
    per_case, lists = [], []
    for case in cases:
        system = make().fit(documents, list(case.history))
        ranked = [
            m.id for m in system.rank(case.query, k=K, owners=case.owners, exclude=case.exclude)
        ]
        per_case.append(score_ranking(ranked, case.relevant, K))
        lists.append(ranked)
    return per_case, lists


def learned_cv(documents, cooperations, cases):
    """Cross-validated learned weights, per case: leave one cooperation out, as every other
    system here (both sides of a cooperation are one fold), by the engine's one
    cross-validation (``matching.learning.cross_validate``). Each fold's matcher is fitted
    without the fold's cooperation (its text, vocabulary and ties), the weights are learned
    (``ascend_weights``, the procedure behind each situation's weights) on the other cases
    of the same view (each with what the view hides left out of its features), and the
    fold's cases are ranked with them: what choosing the weights on these records is worth
    on a record it has not seen."""
    outcomes = [
        Outcome(c.query, c.owners, c.relevant, exclude_history=c.hidden, group=c.cooperation,
                exclude=c.exclude)  # fmt: skip
        for c in cases
    ]

    def tables_for(held):
        history = [c for c in cooperations if c.id not in held]
        return feature_tables(Matcher(crossings=CROSSINGS).fit(documents, history), outcomes)

    def learn(tables, train, base):
        return ascend_weights(tables, train, base)[0]

    cv = cross_validate(outcomes, tables_for, learn, Weights(), folds=None, k=K)
    return cv["learned"]


RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "quality.json"


def measure_view(view, documents, cooperations, base_cases, rng, ablations=True):
    """{systems, ci95 (matcher minus each baseline), reach, cases} of one view."""
    cases = view_cases(view, base_cases, cooperations)
    systems = {"matcher": lambda: MatcherSystem()}
    systems.update(BASELINES)
    if ablations:
        for name, overrides in ABLATIONS.items():
            systems[name] = lambda o=overrides: MatcherSystem(Weights().replace(**o))
    per_case, results, reach = {}, {}, {}
    for name, make in systems.items():
        scores, lists = run_system(make, documents, cases)
        per_case[name] = scores
        results[name] = summary(scores)
        results[name]["ndcg10_ci95"] = bootstrap_mean([c["ndcg"] for c in scores], rng)
        reach[name] = len({i for lst in lists for i in lst})
    learned = learned_cv(documents, cooperations, cases)
    per_case["matcher_learned_cv"] = learned
    results["matcher_learned_cv"] = summary(learned)
    results["matcher_learned_cv"]["ndcg10_ci95"] = bootstrap_mean(
        [c["ndcg"] for c in learned], rng
    )

    def paired(system, baseline):
        return bootstrap_mean(
            [a["ndcg"] - b["ndcg"] for a, b in zip(per_case[system], per_case[baseline],
                                                    strict=True)], rng)  # fmt: skip

    return {
        "cases": len(cases),
        "systems": results,
        "reach_top10": {**reach, "true_partners": len({m for c in cases for m in c.relevant})},
        "ci95": {name: paired("matcher", name) for name in BASELINES},
        "ci95_learned_cv": {name: paired("matcher_learned_cv", name) for name in BASELINES},
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--views", nargs="+", choices=VIEWS, default=list(VIEWS))
    parser.add_argument("--no-ablations", action="store_true")
    parser.add_argument("--out", default=str(RESULTS),
                        help="where the JSON is kept ('-': nowhere; the suite's smoke run)")
    args = parser.parse_args(argv)
    try:
        documents, cooperations, seats = realdata.load()
    except realdata.MissingRecords as error:
        print(f"quality.py: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    cases = realdata.cases(documents, cooperations, seats)
    rng = np.random.default_rng(0)
    views = {
        view: measure_view(view, documents, cooperations, cases, rng,
                           ablations=view == "all" and not args.no_ablations)
        for view in args.views
    }  # fmt: skip
    report = {
        "records": realdata.sources(),  # which records, by count and hash
        "cooperations": len(cooperations),
        "cases": len(cases),
        "baselines": list(BASELINES),
        "views": views,
    }
    line = json.dumps(report)
    # Kept in the repository: the README's table is generated from it (benchmarks/report.py).
    if args.out != "-":
        out = pathlib.Path(args.out)
        out.parent.mkdir(exist_ok=True)
        out.write_text(line + "\n", encoding="utf-8")
    print(line)


if __name__ == "__main__":
    main()
