"""The README's quality table is the benchmark's kept output, never typed by hand."""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import report  # noqa: E402


def test_the_readme_table_is_generated_from_the_kept_results():
    results = json.loads((ROOT / "benchmarks" / "results" / "quality.json").read_text())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert report.START in readme and report.END in readme
    assert report.section(readme, results) == readme, "run benchmarks/report.py"
    assert results["records"], "the results say which records they were measured on"
    for source in results["records"].values():
        assert source["records"] > 0 and len(source["sha256"]) == 64
