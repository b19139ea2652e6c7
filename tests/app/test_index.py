"""The index in production: changes reach the next request without a refit, expired projects
leave by themselves, workers share one persisted snapshot, refits run as jobs."""

import gc
import os
import weakref
from collections import OrderedDict
from datetime import timedelta

import pytest

from app.clock import utcnow
from app.extensions import db
from app.index import state
from app.matches import services
from app.matches.suggestions import projects_for
from app.models import JobRun, Municipality, Project
from tests.conftest import DEMO_PASSWORD, project_id_by_title
from tests.services import burst_worker

SKYFALL = "Skyfallssäkrade stadsdelar"


@pytest.fixture
def no_fitting(monkeypatch):
    """After this, any fit fails the test: what follows must work without a refit."""

    def refuse(self, *args, **kwargs):
        raise AssertionError("a refit happened where none should")

    def start():
        monkeypatch.setattr(services.Matcher, "fit", refuse)
        monkeypatch.setattr(services, "FIT_CACHE", OrderedDict())

    return start


def _municipality(code):
    return db.session.execute(
        db.select(Municipality).where(Municipality.code == code)
    ).scalar_one()


def test_an_edited_profile_is_ranked_by_its_new_text_without_a_refit(app, demo, no_fitting):
    with app.test_request_context():
        project = db.session.get(Project, project_id_by_title(app, SKYFALL))
        before = [m.id for m in services.rank_candidates(project, k=90)]
        no_fitting()
        helsingor = _municipality("217")
        assert helsingor.id in before
        helsingor.profile.description = "Vi arbejder med skybrud, regnvand og oversvømmelser."
        helsingor.profile.needs = "Vi søger erfaringer med skybrudssikring af bydele."
        db.session.commit()
        after = services.rank_candidates(project, k=90)
        top = next(m for m in after if m.id == helsingor.id)
        assert [m.id for m in after].index(helsingor.id) < before.index(helsingor.id)
        assert top.components["description"] > 0


def test_expired_projects_leave_the_index_without_an_edit(app, demo, monkeypatch):
    with app.test_request_context():
        kobenhavn = _municipality("101")
        found = {r["project"].id for r in projects_for(kobenhavn, limit=50)}
        project_id = project_id_by_title(app, SKYFALL)
        assert project_id in found
        engine = state.current_engine()
        expires = db.session.get(Project, project_id).expires_at
        later = expires + timedelta(seconds=1)
        monkeypatch.setattr(state, "utcnow", lambda: later)
        state.catch_up(engine)
        assert project_id not in engine.expiries
        ranked = services.rank_projects_for(kobenhavn, k=50)
        assert project_id not in [m.id for m in ranked]


def test_a_project_that_expired_in_the_database_is_never_shown(app, demo):
    with app.test_request_context():
        kobenhavn = _municipality("101")
        project_id = project_id_by_title(app, SKYFALL)
        state.current_engine()
        # Time passing is not an edit: nothing tells the index; the page still leaves it out.
        db.session.execute(
            db.update(Project).where(Project.id == project_id)
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )  # fmt: skip
        db.session.commit()
        assert project_id not in {r["project"].id for r in projects_for(kobenhavn, limit=50)}


def test_workers_share_one_snapshot_and_follow_each_other(make_app, demo, no_fitting, tmp_path):
    folder = str(tmp_path / "shared-index")
    first = make_app("demo", INDEX_PERSIST=True, INDEX_DIR=folder)
    with first.test_request_context():
        engine = state.current_engine()
        assert engine.snapshot is not None
        project = db.session.get(Project, project_id_by_title(first, SKYFALL))
        expected = [(m.id, m.score) for m in services.rank_candidates(project)]
    no_fitting()
    second = make_app("demo", INDEX_PERSIST=True, INDEX_DIR=folder)
    with second.test_request_context():
        assert state.current_engine().snapshot == engine.snapshot  # loaded, not fitted
        project = db.session.get(Project, project.id)
        assert [(m.id, m.score) for m in services.rank_candidates(project)] == expected
    with first.test_request_context():  # an edit through the first worker …
        roskilde = _municipality("265")
        roskilde.profile.offers = "Vi tilbyder skybrudsplaner, regnbede og klimaveje."
        db.session.commit()
    with second.test_request_context():  # … is in the second worker's next ranking
        project = db.session.get(Project, project.id)
        after = {m.id: m.score for m in services.rank_candidates(project, k=90)}
        roskilde_id = _municipality("265").id
        assert after[roskilde_id] != dict(expected).get(roskilde_id)


def test_a_history_change_is_refitted_by_a_job_and_every_worker_swaps(make_app, demo, tmp_path):
    folder = str(tmp_path / "shared-index")
    first = make_app("demo", INDEX_PERSIST=True, INDEX_DIR=folder)
    second = make_app("demo", INDEX_PERSIST=True, INDEX_DIR=folder)
    with second.test_request_context():
        old = state.current_engine().snapshot
    with first.app_context():
        members = [_municipality("1280").id, _municipality("217").id]
    client = first.test_client()
    client.post("/login", data={"email": "admin@kop.example", "password": DEMO_PASSWORD})
    response = client.post("/admin/history/new", data={
        "title": "Skybrud over sundet", "programme": "Interreg Öresund-Kattegat-Skagerrak",
        "start_year": "2024", "end_year": "2026", "source_url": "https://example.org/skybrud",
        "summary": "Skybrudssikring i Malmö och Helsingør.", "members": members,
    })  # fmt: skip
    assert response.status_code == 302
    client.get(f"/projects/{project_id_by_title(first, SKYFALL)}/suggestions")
    with first.app_context():
        refits = db.session.execute(
            db.select(JobRun).where(JobRun.name == "index.refit")
        ).scalars().all()  # fmt: skip
        assert [job.status for job in refits] == ["done"]
        assert refits[0].result["snapshot"] != old
    with second.test_request_context():
        assert state.current_engine().snapshot == refits[0].result["snapshot"]


def test_a_serving_engine_is_left_out_of_the_collectors_full_passes(make_app, demo, tmp_path):
    folder = str(tmp_path / "shared-index")
    worker = make_app("demo", INDEX_PERSIST=True, INDEX_DIR=folder, INDEX_FREEZE_OBJECTS=True)
    try:
        with worker.test_request_context():
            first = state.current_engine()
            assert not any(o is first.profiles for o in gc.get_objects())
            old = weakref.ref(first.profiles)
        with make_app("demo", INDEX_PERSIST=True, INDEX_DIR=folder).app_context():
            state.build()  # another process saves a newer snapshot …
        with worker.test_request_context():
            second = state.current_engine()  # … and this worker swaps it in
            assert second.snapshot != first.snapshot
            assert not any(o is second.profiles for o in gc.get_objects())
        del first
        assert old() is None  # the replaced engine is freed, not kept out of reach
    finally:
        gc.unfreeze()
        gc.freeze()  # as the session left it (tests/conftest.py)


def test_a_failing_job_is_retried_then_shown_to_the_admins(app, client, auth, demo, tmp_path):
    from app.jobs import enqueue

    with app.app_context():
        job = enqueue("history.import", path=str(tmp_path / "missing.jsonl"))
        job = db.session.get(JobRun, job.id)
        assert job.status == "failed"
        assert job.attempts == 1 + len(app.config["JOB_RETRIES"])
        assert "missing.jsonl" in job.error
    auth.login("admin@kop.example", DEMO_PASSWORD)
    page = client.get("/admin/jobs/").get_data(as_text=True)
    assert "Importera samarbetshistorik" in page and "missing.jsonl" in page


def test_jobs_run_on_rq_with_a_real_redis(make_app, demo, tmp_path):
    """RQ on the Redis of this machine (127.0.0.1:6379), in a queue of this test's own."""
    import uuid

    from app.jobs import enqueue
    from app.jobs.queue import rq_queue

    app = make_app("demo", JOBS_MODE="rq", REDIS_URL="redis://127.0.0.1:6379/0",
                   JOBS_QUEUE=f"kop-test-{uuid.uuid4().hex}")  # fmt: skip
    with app.app_context():
        job = enqueue("matches.refresh")
        assert db.session.get(JobRun, job.id).status == "queued"
        queue = rq_queue()
        assert queue.count == 1
        burst_worker(queue).work(burst=True)
        db.session.expire_all()
        done = db.session.get(JobRun, job.id)
        assert done.status == "done" and done.result["projects"] > 0
        queue.delete(delete_jobs=True)


def test_without_redis_jobs_run_in_a_thread_of_the_process(make_app, demo):
    import time

    from app.jobs import enqueue

    app = make_app("demo", JOBS_MODE="thread")
    with app.app_context():
        job_id = enqueue("matches.refresh").id
        for _ in range(100):
            db.session.expire_all()
            if db.session.get(JobRun, job_id).status in ("done", "failed"):
                break
            time.sleep(0.1)
        assert db.session.get(JobRun, job_id).status == "done"


def test_a_snapshot_file_maps_its_arrays_and_never_changes_under_a_worker(tmp_path):
    import numpy as np

    from app.index.snapshots import dump, load_file

    big = np.arange(100_000, dtype=np.float32)
    path = tmp_path / "engine.snap"
    dump({"weights": big, "name": "ö"}, path)
    loaded = load_file(path)
    assert loaded["name"] == "ö" and np.array_equal(loaded["weights"], big)
    assert not loaded["weights"].flags.owndata  # a view of the mapped file, not a copy
    loaded["weights"][0] = -1  # a worker's own update: copied on write …
    assert load_file(path)["weights"][0] == 0  # … never written to the file


@pytest.mark.parametrize("damage", ["truncate", "flip", "extend"])
def test_a_damaged_snapshot_is_refused_before_it_is_mapped(tmp_path, damage):
    """A snapshot truncated in place killed every worker that mapped it (SIGBUS): the
    length and checksum are checked first, and the loader rebuilds instead."""
    import numpy as np

    from app.index.snapshots import load, save

    folder = str(tmp_path / "index")
    name = save(folder, {"watermark": 7, "weights": np.arange(50_000, dtype=np.float32)})
    path = os.path.join(folder, name)
    assert not os.stat(path).st_mode & 0o222  # written once, read-only
    assert load(folder)[1] == name
    os.chmod(path, 0o644)
    size = os.path.getsize(path)
    with open(path, "r+b") as fh:
        if damage == "truncate":
            fh.truncate(size // 2)
        elif damage == "flip":
            fh.seek(size // 2)
            byte = fh.read(1)
            fh.seek(size // 2)
            fh.write(bytes([byte[0] ^ 0xFF]))
        else:
            fh.seek(0, os.SEEK_END)
            fh.write(b"\0" * 4096)
    assert load(folder) is None  # refused: the caller rebuilds


def test_a_new_theme_on_a_profile_never_breaks_the_suggestions(app, client, auth, demo):
    from app.models import Theme

    with app.app_context():
        theme = Theme(code="islands", labels={"sv": "Öar", "da": "Øer", "en": "Islands"},
                      position=99)  # fmt: skip
        db.session.add(theme)
        db.session.commit()
        theme_id = theme.id
    auth.login("kobenhavn@kop.example", DEMO_PASSWORD)
    url = f"/projects/{project_id_by_title(app, SKYFALL)}/suggestions"
    data = {"description": "Vi arbejder med øer, færger og skybrud på Amager.",
            "needs": "Vi søger erfaringer med skybrud og øsamfund.",
            "offers": "Vi tilbyder viden om klimatilpasning af kyster.",
            "themes": [theme_id], "cooperation_forms": ["exchange"],
            "working_languages": ["da"], "contact_user": "0"}  # fmt: skip
    assert client.post("/municipalities/101/profile", data=data).status_code == 302
    auth.logout()
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    assert client.get(url).status_code == 200
    with app.app_context():
        engine = state.current_engine()
        assert "islands" in engine.profiles.weights_.theme_weights  # refitted as a job


def test_production_keeps_no_fitted_matchers_between_fits(app, demo, monkeypatch):
    """The cache of fitted matchers is the test suite's (a refit worker kept up to four)."""
    monkeypatch.setattr(services, "FIT_CACHE", None)
    with app.app_context():
        first, _, _ = services.fit_matchers()
        second, _, _ = services.fit_matchers()
    assert first is not second and services.FIT_CACHE is None
