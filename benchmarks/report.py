"""The README's quality table, generated from the quality benchmark's kept output.

    .venv/bin/python benchmarks/quality.py     # measures; writes benchmarks/results/quality.json
    .venv/bin/python benchmarks/report.py      # rewrites the tables in README.md and
                                               # docs/matching.md from it

The tables sit between ``<!-- quality-table -->`` and ``<!-- /quality-table -->``; a test
(tests/matching/test_benchmark_report.py) fails when the README and the JSON disagree.
"""

import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "quality.json"
README = ROOT / "README.md"
MATCHING = ROOT / "docs" / "matching.md"
START, END = "<!-- quality-table -->", "<!-- /quality-table -->"
NAMES = {
    "random": "random",
    "popularity": "popularity (most cooperations first)",
    "nearest": "nearest seat (seat to seat)",
    "nearest_crossings": "nearest seat (over the crossings)",
    "activity_proximity": "½ log-activity + ½ nearness (crossings)",
    "past_partners": "past partners, then popularity",
    "adamic_adar": "Adamic-Adar (shared cooperations, 1/log size)",
    "theme_overlap": "theme overlap",
    "tfidf_char": "char TF-IDF per cooperation (best three)",
    "bm25s": "bm25s per cooperation (best three)",
    "matcher": "**matcher (defaults)**",
    "matcher_learned_cv": "matcher, weights learned per view (cross-validated)",
}
VIEW_NAMES = {"all": "all", "newcomers": "newcomers", "new_partners": "new partners",
              "long_tail": "long tail"}  # fmt: skip


def _cell(r):
    low, high = r["ndcg10_ci95"]
    return f"{r['ndcg10']:.3f} ({low:.2f}–{high:.2f})"


def table(report):
    """The markdown tables (and the records line) of one quality.json."""
    files = ", ".join(f"`{path}` ({f['records']} records, sha256 {f['sha256'][:12]}…)"
                      for path, f in report["records"].items())  # fmt: skip
    views = report["views"]
    header = " | ".join(f"{VIEW_NAMES[v]} ({views[v]['cases']})" for v in views)
    lines = [
        f"Measured on {report['cases']} cases of {report['cooperations']} cooperations from "
        f"{files}. nDCG@10 per view (cases), with the bootstrap 95 % interval.",
        "",
        f"| system | {header} |",
        "|---|" + "---|" * len(views),
    ]
    systems = [*report["baselines"], "matcher", "matcher_learned_cv"]
    for name in systems:
        cells = [_cell(views[v]["systems"][name]) for v in views]
        if name == "matcher":
            cells = [f"**{c}**" for c in cells]
        lines.append(f"| {NAMES.get(name, name)} | " + " | ".join(cells) + " |")
    reach = " | ".join(
        f"{views[v]['reach_top10']['matcher']} (true {views[v]['reach_top10']['true_partners']})"
        for v in views
    )
    lines.append(f"| reach of the matcher: distinct municipalities in all top-10 lists | {reach} |")
    lines += ["", "Paired 95 % intervals, matcher (defaults) minus each baseline:", ""]
    lines += [f"| baseline | {' | '.join(VIEW_NAMES[v] for v in views)} |",
              "|---|" + "---|" * len(views)]  # fmt: skip
    for name in report["baselines"]:
        if name == "random":
            continue
        cells = [f"{_signed(lo)}…{_signed(hi)}" for lo, hi in
                 (views[v]["ci95"][name] for v in views)]  # fmt: skip
        lines.append(f"| {NAMES.get(name, name)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _signed(value):
    return f"{value:+.2f}".replace("-", "−")


def section(readme_text, report):
    """``readme_text`` with its table replaced by the one of ``report``."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: f"{START}\n{table(report)}\n{END}", readme_text)


def main():
    report = json.loads(RESULTS.read_text(encoding="utf-8"))
    for path in (README, MATCHING):
        path.write_text(section(path.read_text(encoding="utf-8"), report), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: quality table from {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
