"""The README's quality table is the benchmark's kept output, never typed by hand."""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import report  # noqa: E402


def test_the_readme_table_is_generated_from_the_kept_results():
    results = json.loads((ROOT / "benchmarks" / "results" / "quality.json").read_text())
    for path in (report.README, report.MATCHING):
        text = path.read_text(encoding="utf-8")
        assert report.START in text and report.END in text, path
        assert report.section(text, results) == text, f"run benchmarks/report.py ({path.name})"
    assert results["records"], "the results say which records they were measured on"
    assert set(results["views"]) == {"all", "newcomers", "new_partners", "long_tail"}
    for view in results["views"].values():
        assert set(view["ci95"]) == set(results["baselines"]) and view["cases"] > 0
    for source in results["records"].values():
        assert source["records"] > 0 and len(source["sha256"]) == 64
