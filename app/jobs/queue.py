"""Enqueueing and running jobs on the configured backend (see ``app.jobs``)."""

import logging
import queue
import threading
import traceback

from flask import current_app

from app.clock import utcnow
from app.extensions import db
from app.jobs.tasks import TASKS
from app.models import JobRun

log = logging.getLogger(__name__)


def mode(app=None):
    app = app or current_app
    return app.config.get("JOBS_MODE") or ("rq" if app.config.get("REDIS_URL") else "thread")


def enqueue(name, dedupe=True, **args):
    """Record a job and start it on the backend; returns the JobRun.

    With ``dedupe`` a job of the same name and arguments that is still queued is returned
    instead of a second one (a refit asked for twice runs once).
    """
    if name not in TASKS:
        raise ValueError(f"unknown job {name!r}")
    if dedupe:
        for waiting in db.session.execute(
            db.select(JobRun).where(JobRun.name == name, JobRun.status == "queued")
        ).scalars():
            if waiting.args == args:
                return waiting
    job = JobRun(name=name, args=args)
    db.session.add(job)
    db.session.commit()
    backend = mode()
    if backend == "sync":
        run_with_retries(job.id)
    elif backend == "rq":
        _rq_enqueue(job.id)
    else:
        _thread_runner(current_app._get_current_object()).put(job.id)
    return job


def run(job_id):
    """Run one attempt of a job in the current app context; raises when it fails."""
    job = db.session.get(JobRun, job_id)
    if job is None or job.status == "done":
        return None
    job.status, job.started_at = "running", utcnow()
    job.attempts += 1
    db.session.commit()
    try:
        result = TASKS[job.name](**job.args)
    except Exception as error:
        db.session.rollback()
        job = db.session.get(JobRun, job_id)
        job.error = "".join(traceback.format_exception_only(error)).strip()[-2000:]
        last = job.attempts > len(current_app.config["JOB_RETRIES"])
        job.status = "failed" if last else "queued"
        job.finished_at = utcnow() if last else None
        db.session.commit()
        log.warning("job %s (%s) attempt %s failed: %s", job.id, job.name, job.attempts,
                    job.error)  # fmt: skip
        raise
    job = db.session.get(JobRun, job_id)
    job.status, job.result, job.finished_at, job.error = "done", result, utcnow(), ""
    db.session.commit()
    return result


def run_with_retries(job_id):
    """``sync``: every attempt at once, without waiting between them."""
    for _ in range(len(current_app.config["JOB_RETRIES"]) + 1):
        try:
            return run(job_id)
        except Exception:  # noqa: BLE001 - recorded on the JobRun
            continue
    return None


# -- rq ------------------------------------------------------------------------------------
def rq_queue(app=None):
    from redis import Redis
    from rq import Queue

    app = app or current_app
    return Queue(app.config["JOBS_QUEUE"], connection=Redis.from_url(app.config["REDIS_URL"]))


def _rq_enqueue(job_id):
    from rq import Retry

    retries = list(current_app.config["JOB_RETRIES"])
    rq_queue().enqueue(
        "app.jobs.queue.run", job_id, retry=Retry(max=len(retries), interval=retries),
        job_timeout=6 * 3600, result_ttl=24 * 3600, failure_ttl=7 * 24 * 3600,
    )  # fmt: skip


# -- thread --------------------------------------------------------------------------------
def _thread_runner(app):
    runner = app.extensions.get("kop_jobs")
    if runner is None:
        runner = app.extensions["kop_jobs"] = ThreadRunner(app)
    return runner


class ThreadRunner:
    """One worker thread per process running jobs in order, with the same retries."""

    def __init__(self, app):
        self.app = app
        self.jobs = queue.Queue()
        threading.Thread(target=self._loop, name="kop-jobs", daemon=True).start()

    def put(self, job_id):
        self.jobs.put(job_id)

    def _loop(self):
        while True:
            job_id = self.jobs.get()
            with self.app.app_context():
                try:
                    run(job_id)
                except Exception:  # noqa: BLE001 - recorded; retried below if attempts remain
                    job = db.session.get(JobRun, job_id)
                    if job is not None and job.status == "queued":
                        delay = self.app.config["JOB_RETRIES"][job.attempts - 1]
                        threading.Timer(delay, self.put, args=(job_id,)).start()
                finally:
                    db.session.remove()
