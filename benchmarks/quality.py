"""Quality benchmark: the matcher against baselines and its own ablations.

Prints one JSON line: {"cases": N, "systems": {name: {"ndcg10", "recall10", "mrr"}},
"exposure": {...}} on the development set in benchmarks/data/devset.json.

    .venv/bin/python benchmarks/quality.py
"""

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from baselines import BM25sRanker, PopularityRanker, RandomRanker, TfidfRanker  # noqa: E402

from matching import Document, Matcher, Weights, evaluate  # noqa: E402
from matching.evaluation import exposure as exposure_stats  # noqa: E402
from matching.evaluation import score_ranking  # noqa: E402

DEVSET = pathlib.Path(__file__).resolve().parent / "data" / "devset.json"


def as_document(row):
    return Document(
        id=row["id"],
        country=row["country"],
        description=row.get("description", ""),
        needs=row.get("needs", ""),
        offers=row.get("offers", ""),
        themes=frozenset(row.get("themes", ())),
        activity=row.get("activity", 0.0),
    )


def load(path=DEVSET):
    data = json.loads(path.read_text(encoding="utf-8"))
    documents = [as_document(row) for row in data["documents"]]
    cases = [(as_document(c["query"]), c["relevant"]) for c in data["cases"]]
    return documents, cases


def systems():
    return {
        "random": RandomRanker(),
        "popularity": PopularityRanker(),
        "tfidf_word": TfidfRanker("word"),
        "tfidf_char": TfidfRanker("char_wb", (3, 5)),
        "bm25s": BM25sRanker(),
        "matcher": Matcher(),
        "matcher_no_reciprocity": Matcher(Weights(reciprocity=0.0)),
        "matcher_no_lexicon": Matcher(use_lexicon=False),
        "matcher_no_char": Matcher(char_weight=0.0),
    }


def exposure(matcher, cases, cap, k=10):
    """nDCG@k, catalogue coverage and top-5 share of the lists when all cases are ranked."""
    queries = [q for q, _ in cases]
    lists = matcher.rank_many(queries, k=k, exposure_cap=cap)
    spread = exposure_stats([[m.id for m in lst] for lst in lists], k)
    ndcg = sum(
        score_ranking([m.id for m in lst], rel, k)["ndcg"]
        for lst, (_, rel) in zip(lists, cases, strict=True)
    ) / len(cases)
    return {
        "ndcg10": round(ndcg, 4),
        "coverage": spread["coverage"],
        "top5_share": round(spread["top5_share"], 4),
    }


def main():
    documents, cases = load()
    results = {}
    for name, system in systems().items():
        system.fit(documents)
        scores = evaluate(system, cases, k=10)
        results[name] = {key: round(scores[key], 4) for key in ("ndcg10", "recall10", "mrr")}
    matcher = Matcher().fit(documents)
    report = {
        "cases": len(cases),
        "documents": len(documents),
        "systems": results,
        "exposure": {
            "no_cap": exposure(matcher, cases, 0.0),
            "cap_0.15": exposure(matcher, cases, 0.15),
        },
        "matcher_beats_every_baseline": all(
            results["matcher"]["ndcg10"] > results[b]["ndcg10"]
            for b in ("random", "popularity", "tfidf_word", "tfidf_char", "bm25s")
        ),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
