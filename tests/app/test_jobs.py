"""Background jobs whose worker died: heartbeats, abandoned jobs retried or failed, and an
RQ scheduler that does not outlive its worker."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from app.clock import utcnow
from app.extensions import db
from app.jobs.queue import reconcile, run
from app.jobs.registry import TASKS
from app.models import JobRun
from tests.conftest import DEMO_PASSWORD, ROOT


def _stale_job(attempts):
    job = JobRun(
        name="matches.refresh", args={}, status="running", attempts=attempts,
        started_at=utcnow() - timedelta(minutes=10),
        heartbeat_at=utcnow() - timedelta(minutes=5),
    )  # fmt: skip
    db.session.add(job)
    db.session.commit()
    return job.id


def test_a_job_whose_worker_died_is_run_again(app, demo):
    with app.app_context():
        job_id = _stale_job(attempts=1)
        assert reconcile() == (1, 0)
        job = db.session.get(JobRun, job_id)
        assert job.status == "done" and job.attempts == 2 and job.result["projects"] > 0


def test_a_job_abandoned_on_its_last_attempt_is_marked_failed(app, demo):
    with app.app_context():
        job_id = _stale_job(attempts=1 + len(app.config["JOB_RETRIES"]))
        assert reconcile() == (0, 1)
        job = db.session.get(JobRun, job_id)
        assert job.status == "failed" and "abandoned" in job.error


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(app, demo):
    with app.app_context():
        job = JobRun(name="matches.refresh", args={}, status="running", attempts=1,
                     heartbeat_at=utcnow())  # fmt: skip
        db.session.add(job)
        db.session.commit()
        assert reconcile() == (0, 0)
        assert db.session.get(JobRun, job.id).status == "running"


def test_a_running_job_writes_its_heartbeat(app, monkeypatch):
    app.config["JOB_HEARTBEAT_SECONDS"] = 0.05
    seen = []

    def slow():
        time.sleep(0.4)
        with db.engine.connect() as conn:
            seen.append(conn.execute(db.select(JobRun.heartbeat_at)).scalar_one())
        return {}

    monkeypatch.setitem(TASKS, "test.slow", slow)
    with app.app_context():
        job = JobRun(name="test.slow", args={})
        db.session.add(job)
        db.session.commit()
        started = utcnow()
        run(job.id)
        assert seen[0] > started + timedelta(seconds=0.1)


def test_the_admin_sees_an_abandoned_job_as_such(app, client, auth, demo):
    with app.app_context():
        _stale_job(attempts=1)
    auth.login("admin@kop.example", DEMO_PASSWORD)
    page = client.get("/admin/jobs/").get_data(as_text=True)
    assert "Övergivet (dess arbetsprocess stoppades)" in page


def _children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            return "\nState:\tZ" not in fh.read()
    except FileNotFoundError:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_the_scheduler_of_a_killed_worker_stops_and_frees_its_lock(app, redis_process, tmp_path):
    """SIGKILL to `flask jobs worker`: RQ's scheduler child would live on as an orphan
    holding the queue's scheduler lock; ours notices its worker is gone and stops."""
    from redis import Redis

    env = {
        **os.environ, "FLASK_APP": "app", "KOP_SECRET_KEY": "test",
        "KOP_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "KOP_REDIS_URL": redis_process.url, "KOP_JOBS_QUEUE": "kop-kill",
        "KOP_INDEX_DIR": str(tmp_path / "index"), "KOP_MAIL_OUTBOX": str(tmp_path / "out"),
    }  # fmt: skip
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    worker = subprocess.Popen([flask, "jobs", "worker"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    redis = Redis.from_url(redis_process.url)
    scheduler = None
    try:
        deadline = time.monotonic() + 30
        while not (redis.exists("rq:scheduler-lock:kop-kill") and _children(worker.pid)):
            assert time.monotonic() < deadline, "the worker started no scheduler"
            time.sleep(0.1)
        [scheduler] = _children(worker.pid)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        deadline = time.monotonic() + 10
        while _alive(scheduler) or redis.exists("rq:scheduler-lock:kop-kill"):
            assert time.monotonic() < deadline, "the scheduler outlived its worker"
            time.sleep(0.1)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
        if scheduler is not None and _alive(scheduler):
            os.kill(scheduler, signal.SIGKILL)


def test_asking_for_a_job_never_commits_what_the_caller_has_pending(make_app, demo):
    """enqueue committed db.session: a page or service that asked for a refit halfway
    through its changes had them written, whatever it decided next."""
    import uuid

    from app.jobs import enqueue
    from app.models import User

    app = make_app("demo", JOBS_MODE="rq", REDIS_URL="redis://127.0.0.1:6379/0",
                   JOBS_QUEUE=f"kop-test-{uuid.uuid4().hex}")  # fmt: skip
    with app.app_context():
        user = db.session.execute(db.select(User).order_by(User.id)).scalars().first()
        name = user.name
        user.name = "Not saved"
        job = enqueue("index.refit")
        assert job.status == "queued" and user in db.session.dirty
        db.session.rollback()
        assert db.session.get(User, user.id).name == name
        from app.jobs.queue import rq_queue

        rq_queue().delete(delete_jobs=True)
