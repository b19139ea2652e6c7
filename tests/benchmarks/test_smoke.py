"""Every benchmark runs at a small size and prints the JSON its README figures come from,
so that none can rot unseen (benchmarks/digest.py once failed with an ImportError for
weeks). The engine's benchmarks run their ``main`` in the test's process (what they import
is imported already); the servers' benchmarks (load, faults) start gunicorn, PostgreSQL
databases, Redis and a worker, and locust patches the whole process: they run as commands,
in CI (``CI=true``, .ci/run), where those are there for them."""

import contextlib
import importlib.util
import io
import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SERVERS = pytest.mark.skipif(
    os.environ.get("CI") != "true", reason="starts gunicorn, databases and a worker: CI runs it"
)


def run(script, *args, timeout=300):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_main(script, *args):
    """``benchmarks/<script>``'s ``main(args)`` here, its last line of output read as JSON."""
    path = ROOT / "benchmarks" / script
    spec = importlib.util.spec_from_file_location(f"benchmark_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    saved_path = list(sys.path)
    out = io.StringIO()
    try:
        spec.loader.exec_module(module)
        with contextlib.redirect_stdout(out):
            module.main(list(args))
    finally:
        sys.path[:] = saved_path  # the scripts put benchmarks/ first for their own imports
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_quality_measures_every_system_on_the_real_records():
    report = run_main("quality.py", "--views", "new_partners", "--no-ablations", "--out", "-")
    assert set(report["views"]) == {"new_partners"} and report["cases"] > 0
    for view in report["views"].values():
        assert {"matcher", "matcher_learned_cv", *report["baselines"]} <= set(view["systems"])
        assert set(view["ci95"]) == set(report["baselines"])
        assert view["reach_top10"]["matcher"] > 0
    assert all(f["sha256"] for f in report["records"].values())


def test_speed_measures_fit_rank_update_and_load_with_its_baselines():
    report = run_main("speed.py", "--n", "200", "--queries", "10", "--warmup", "2")
    assert report["n"] == 200
    for key in ("fit_s", "rank_p50_ms", "rank_p95_ms", "update_ms", "load_s", "bm25s_p50_ms",
                "naive_p50_ms", "peak_rss_mb"):  # fmt: skip
        assert report[key] > 0, key


def test_digest_builds_and_renders_every_due_users_digest():
    report = run_main("digest.py", "--users", "40")
    assert report["users"] >= 40 and report["emails"] > 0  # the demo's users are due too
    assert report["per_user_ms"] > 0 and report["baseline_per_user_ms"] > 0


@SERVERS
def test_load_serves_every_page_under_load():
    report = run("load.py", "--profiles", "60", "--users", "2", "--duration", "6",
                 "--workers", "1", "--port", "8791", "--database", "kop_load_smoke",
                 timeout=600)  # fmt: skip
    assert report["pages"] and all(p["errors"] == 0 for p in report["pages"].values())


@SERVERS
def test_faults_lose_and_duplicate_no_mail():
    report = run("faults.py", "--users", "6", "--duration", "12",
                 "--database", "kop_faults_smoke", timeout=600)  # fmt: skip
    assert report["lost"] == 0 and report["duplicated"] == 0
