"""Redis stopped, restarted empty, or back: logins, limits, the API and the job queue keep
working or say what happened (tests start their own Redis on a free port)."""

import pytest

from app.extensions import db, limiter
from app.jobs import enqueue
from app.jobs.queue import reconcile, rq_queue
from app.models import JobRun
from tests.conftest import DEMO_PASSWORD, PASSWORD
from tests.services import burst_worker


@pytest.fixture
def app_config(app_config, redis_process):
    app_config.update(
        RATELIMIT_STORAGE_URI=redis_process.url,
        REDIS_URL=redis_process.url,
        JOBS_MODE="rq",
        JOBS_QUEUE="kop-test",
    )
    yield app_config
    limiter._storage_dead = False  # the limiter is one object per process: start clean


def test_logins_and_limits_keep_working_while_redis_is_down(app, make_user, redis_process, caplog):
    app.config["LOGIN_RATE_LIMIT"] = "4 per minute"
    _, email = make_user(email="anna@malmo.example")
    right = {"email": email, "password": PASSWORD}
    assert app.test_client().post("/login", data=right).status_code == 302
    redis_process.stop()
    client = app.test_client()
    assert client.post("/login", data=right).status_code == 302
    assert client.get("/api/v1/public/themes").status_code == 200
    assert "falling back to in-memory storage" in caplog.text
    # Still limited, counted in this process's memory until Redis answers again.
    guesses = [
        app.test_client().post("/login", data={"email": email, "password": "wrong"}).status_code
        for _ in range(4)
    ]
    assert guesses[:3] == [400, 400, 400] and guesses[3] == 429


def test_the_jobs_page_says_when_redis_is_down(app, client, auth, demo, redis_process):
    auth.login("admin@kop.example", DEMO_PASSWORD)
    page = client.get("/admin/jobs/").get_data(as_text=True)
    assert "Det delade lagret svarar" in page and "Redis svarar" in page
    redis_process.stop()
    page = client.get("/admin/jobs/").get_data(as_text=True)
    assert "Det delade lagret svarar inte" in page and "Redis svarar inte" in page
    refit = client.post("/admin/jobs/", follow_redirects=True).get_data(as_text=True)
    assert "Jobbkön kan inte nås, så ingen omträning köades." in refit


def test_a_job_enqueued_while_redis_is_down_is_failed_not_left_queued(app, demo, redis_process):
    with app.app_context():
        redis_process.stop()
        dead = enqueue("matches.refresh")
        assert dead.status == "failed" and "could not be reached" in dead.error
        redis_process.start()
        job = enqueue("matches.refresh")  # not the dead row: a job the queue really holds
        assert job.id != dead.id and job.status == "queued"
        queue = rq_queue()
        burst_worker(queue).work(burst=True)
        db.session.expire_all()
        assert db.session.get(JobRun, job.id).status == "done"


def test_the_cli_queues_a_new_refit_after_redis_was_down(app, runner, demo, redis_process):
    redis_process.stop()
    result = runner.invoke(args=["jobs", "enqueue", "matches.refresh"])
    assert result.exit_code != 0 and "could not be reached" in result.output
    redis_process.start()
    result = runner.invoke(args=["jobs", "enqueue", "matches.refresh"])
    assert result.exit_code == 0 and "queued" in result.output
    with app.app_context():
        assert rq_queue().count == 1


def test_jobs_a_restarted_redis_lost_are_noticed(app, demo, redis_process):
    """Redis keeps nothing on disk: after a restart its queue is empty. The queued job is
    marked lost, and asking again queues a job that runs."""
    with app.app_context():
        lost = enqueue("matches.refresh")
        redis_process.stop()
        redis_process.start()
        again = enqueue("matches.refresh")
        assert again.id != lost.id and again.status == "queued"
        db.session.expire_all()
        lost = db.session.get(JobRun, lost.id)
        assert lost.status == "failed" and "no longer holds" in lost.error
        assert reconcile() == (0, 0)
