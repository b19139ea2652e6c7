"""Speed benchmark of the matcher on a realistic synthetic corpus, with baselines.

    .venv/bin/python benchmarks/speed.py --n 1000

The corpus (benchmarks/synthetic.py) is drawn from real Swedish and Danish word
frequencies (wordfreq), 50–400 words per document, with a skewed cooperation history of
2 n records. Prints one JSON line: n, distinct_words, history, fit_s, rank_p50_ms and
rank_p95_ms (one query, k=10, with the explanations of the ten, every cache of the matcher
emptied before each query: what a query a process has never seen costs), update_ms (one
changed document, rankable at once; the matcher never compacts inside ``update``),
load_s (a fresh Python process loading the persisted matcher, as a worker starts),
peak_rss_mb (the process's peak after the matcher's part: the corpus in memory, fit,
ranking and updates; ``corpus_rss_mb`` is the part the generated corpus took before the
fit), and from the same run on the same queries (``peak_rss_with_baselines_mb`` after
them): bm25s_p50_ms, rank_bm25_p50_ms (skipped above 10,000 documents: it scores every
document in Python) and naive_p50_ms (a TfidfVectorizer refit per query).
"""

import argparse
import json
import pathlib
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import bm25s  # noqa: E402
from rank_bm25 import BM25Okapi  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics.pairwise import linear_kernel  # noqa: E402
from synthetic import distinct_words, make_corpus, make_history, make_queries  # noqa: E402

from matching import (
    Matcher,  # noqa: E402
    stop_words,  # noqa: E402
)

RANK_BM25_LIMIT = 10_000


def timed(fn, items):
    """Milliseconds per call of ``fn`` over ``items``."""
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - start) * 1000)
    return np.array(out)


def peak_rss_mb():
    """The process's peak resident memory so far, in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def ms(values, q):
    return round(float(np.percentile(values, q)), 3)


def naive_rank(corpus_texts, query_text, k=10):
    """What a first version would do: refit TF-IDF on corpus + query for every query."""
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform([*corpus_texts, query_text])
    scores = linear_kernel(matrix[-1], matrix[:-1]).ravel()
    return np.argsort(-scores)[:k]


LOAD = """
import sys, time
start = time.perf_counter()
from app.index.snapshots import load_file
matcher = load_file(sys.argv[1])
print(time.perf_counter() - start)
"""


def time_load(matcher):
    """Seconds a fresh process takes to import what it needs and load the matcher, saved as
    the app saves its snapshots (app.index.snapshots)."""
    from app.index.snapshots import dump

    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "matcher.snap"
        dump(matcher, path)
        root = pathlib.Path(__file__).resolve().parent.parent
        out = subprocess.run([sys.executable, "-c", LOAD, str(path)], capture_output=True,
                             text=True, cwd=root)  # fmt: skip
        if out.returncode:
            raise RuntimeError(f"loading the saved matcher failed:\n{out.stderr}")
        return float(out.stdout.strip())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="documents in the corpus")
    parser.add_argument(
        "--history", type=int, default=None, help="cooperations in the history (default 2 n)"
    )
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args(argv)
    from app.index.memory import return_large_blocks

    return_large_blocks()  # as the app's workers do (app/index/memory.py)

    corpus = make_corpus(args.n, seed=0)
    history = make_history(corpus, 2 * args.n if args.history is None else args.history)
    queries = make_queries(args.queries + args.warmup, seed=1)
    corpus_rss_mb = peak_rss_mb()
    warm, measured = queries[: args.warmup], queries[args.warmup :]
    owners = [(corpus[i % len(corpus)].id,) for i in range(len(queries))]

    start = time.perf_counter()
    matcher = Matcher().fit(corpus, history)
    fit_s = time.perf_counter() - start
    for q, own in zip(warm, owners, strict=False):  # imports and first-call costs only:
        matcher.rank(q, k=10, owners=own)
    measured_owners = dict(zip((q.id for q in measured), owners[args.warmup :], strict=True))

    def cold_rank(q):
        matcher.clear_caches()  # nothing the warm-up (or an earlier query) cached counts
        matcher.rank(q, k=10, owners=measured_owners[q.id])

    rank_ms = timed(cold_rank, measured)
    load_s = time_load(matcher)

    changed = [replace(doc, needs=doc.offers, offers=doc.needs) for doc in corpus[:20]]
    update_ms = timed(matcher.update, changed)
    matcher_rss_mb = peak_rss_mb()  # the corpus, fit, ranking and updates; no baseline yet

    texts = [d.text for d in corpus]
    stops = sorted(stop_words())
    index = bm25s.BM25()
    index.index(bm25s.tokenize(texts, stopwords=stops, show_progress=False), show_progress=False)

    def bm25s_rank(q):
        tokens = bm25s.tokenize([q.text], stopwords=stops, show_progress=False)
        index.retrieve(tokens, k=10, show_progress=False)

    bm25s_ms = timed(bm25s_rank, measured)

    report = {
        "n": args.n,
        "distinct_words": distinct_words(corpus),
        "history": len(history),
        "queries": len(measured),
        "fit_s": round(fit_s, 2),
        "rank_p50_ms": ms(rank_ms, 50),
        "rank_p95_ms": ms(rank_ms, 95),
        "update_ms": ms(update_ms, 50),
        "update_p95_ms": ms(update_ms, 95),
        "load_s": round(load_s, 2),
        "bm25s_p50_ms": ms(bm25s_ms, 50),
        "peak_rss_mb": matcher_rss_mb,
        "corpus_rss_mb": corpus_rss_mb,
    }
    if args.n <= RANK_BM25_LIMIT:
        okapi = BM25Okapi([t.lower().split() for t in texts])
        report["rank_bm25_p50_ms"] = ms(
            timed(
                lambda q: np.argsort(-okapi.get_scores(q.text.lower().split()))[:10], measured[:50]
            ),
            50,
        )
    else:
        report["rank_bm25_p50_ms"] = None
        report["rank_bm25_note"] = f"skipped above {RANK_BM25_LIMIT:,} documents"
    naive_queries = measured[: max(3, min(30, 300_000 // args.n))]
    report["naive_p50_ms"] = ms(timed(lambda q: naive_rank(texts, q.text), naive_queries), 50)
    report["naive_queries"] = len(naive_queries)
    report["peak_rss_with_baselines_mb"] = peak_rss_mb()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
