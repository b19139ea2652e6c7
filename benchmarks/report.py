"""The README's quality table, generated from the quality benchmark's kept output.

    .venv/bin/python benchmarks/quality.py     # measures; writes benchmarks/results/quality.json
    .venv/bin/python benchmarks/report.py      # rewrites the table in README.md from it

The table sits between ``<!-- quality-table -->`` and ``<!-- /quality-table -->``; a test
(tests/matching/test_benchmark_report.py) fails when the README and the JSON disagree.
"""

import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "quality.json"
README = ROOT / "README.md"
START, END = "<!-- quality-table -->", "<!-- /quality-table -->"
NAMES = {
    "random": "random",
    "theme_overlap": "theme overlap",
    "bm25s": "bm25s per cooperation (best three)",
    "popularity": "popularity",
    "past_partners": "past partners, then popularity",
    "tfidf_char": "char TF-IDF per cooperation (best three)",
}


def _row(name, r, bold=False):
    low, high = r["ndcg10_ci95"]
    cells = [name, f"{r['ndcg10']:.3f}", f"{low:.3f}–{high:.3f}", f"{r['recall10']:.3f}",
             f"{r['mrr']:.3f}"]  # fmt: skip
    if bold:
        cells[:2] = [f"**{c}**" for c in cells[:2]]
    return "| " + " | ".join(cells) + " |"


def table(report):
    """The markdown table (and the records line) of one quality.json."""
    files = ", ".join(f"`{path}` ({f['records']} records, sha256 {f['sha256'][:12]}…)"
                      for path, f in report["records"].items())  # fmt: skip
    lines = [
        f"Measured on {report['cases']} cases of {report['cooperations']} cooperations from "
        f"{files}.",
        "",
        "| system | nDCG@10 | 95 % interval | Recall@10 | MRR |",
        "|---|---|---|---|---|",
    ]
    baselines = sorted(report["baselines"].items(), key=lambda kv: kv[1]["ndcg10"])
    lines += [_row(NAMES.get(name, name), r) for name, r in baselines]
    lines.append(_row("matcher (defaults)", report["matcher"], bold=True))
    lines.append(_row("matcher, learned weights (cross-validated, leave one cooperation out)",
                      report["learned_cv"], bold=True))  # fmt: skip
    reach = report["reach_top10"]
    lines += ["", f"Reach (distinct municipalities in all top-10 lists): matcher "
              f"{reach['matcher']}, true partners {reach['true_partners']}."]  # fmt: skip
    for label, key in (("learned (cross-validated)", "ci95_learned_cv"),
                       ("defaults", "ci95")):  # fmt: skip
        pairs = ", ".join(f"{NAMES.get(name, name).split(' per ')[0].split(',')[0]} "
                          f"{_signed(low)}…{_signed(high)}"
                          for name, (low, high) in report[key].items() if name != "random")
        lines += ["", f"Paired 95 %, {label} minus baseline: {pairs}."]
    return "\n".join(lines)


def _signed(value):
    return f"{value:+.2f}".replace("-", "−")


def section(readme_text, report):
    """``readme_text`` with its table replaced by the one of ``report``."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: f"{START}\n{table(report)}\n{END}", readme_text)


def main():
    report = json.loads(RESULTS.read_text(encoding="utf-8"))
    README.write_text(section(README.read_text(encoding="utf-8"), report), encoding="utf-8")
    print(f"README.md: quality table from {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
