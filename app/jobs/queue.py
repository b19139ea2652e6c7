"""Enqueueing and running jobs on the configured backend (see ``app.jobs``).

What can go wrong with the queue, and what happens then:

- The queue cannot be reached when a job is enqueued (Redis down): the job is marked failed
  at once with the reason, so it is never mistaken for one that waits.
- A job the queue no longer holds (Redis restarted, losing what it had): de-duplication asks
  the queue whether it still holds a job before handing it back, and ``reconcile`` marks
  such jobs failed ("lost").
- A worker killed while a job runs: a running job writes a heartbeat every
  JOB_HEARTBEAT_SECONDS; ``reconcile`` (run by every worker at start and every minute, and
  by every enqueue) queues a job whose heartbeat stopped again, or marks it failed when its
  attempts are used up.
"""

import logging
import queue
import threading
import traceback
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.extensions import db
from app.jobs.registry import TASKS
from app.models import JobRun

log = logging.getLogger(__name__)
THREAD_LOST_AFTER = timedelta(minutes=30)


def mode(app=None):
    app = app or current_app
    return app.config.get("JOBS_MODE") or ("rq" if app.config.get("REDIS_URL") else "thread")


@contextmanager
def _bookkeeping():
    """A session of its own for the job table: enqueueing and reconciling never commit or
    roll back what a caller has pending in ``db.session`` (a page that asks for a refit
    while it reads, a service halfway through its changes)."""
    session = Session(db.engine, expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()


def enqueue(name, dedupe=True, **args):
    """Record a job and start it on the backend; returns the JobRun (detached: read it).

    With ``dedupe`` a job of the same name and arguments that the queue still holds is
    returned instead of a second one (a refit asked for twice runs once). When the queue
    cannot be reached the job is returned marked failed, with the reason. The job's rows
    are written in a session of their own; only ``sync`` (the tests' backend) runs the job
    itself at once, in the caller's session, as a worker would in its own.
    """
    if name not in TASKS:
        raise ValueError(f"unknown job {name!r}")
    reconcile()
    with _bookkeeping() as session:
        if dedupe:
            for waiting in session.execute(
                db.select(JobRun).where(JobRun.name == name, JobRun.status == "queued")
            ).scalars():
                if waiting.args == args and _held(waiting) is not False:
                    return waiting
        job = JobRun(name=name, args=args)
        session.add(job)
        session.commit()
        _hand_to_backend(job, session)
        return job


def _hand_to_backend(job, session):
    backend = mode()
    try:
        if backend == "sync":
            run_with_retries(job.id)
            session.refresh(job)
        elif backend == "rq":
            job.queue_key = _rq_enqueue(job)
            session.commit()
        else:
            _thread_runner(current_app._get_current_object()).put(job.id)
    except QUEUE_ERRORS as error:
        session.rollback()
        job.status, job.finished_at = "failed", utcnow()
        job.error = f"The job queue could not be reached: {type(error).__name__}: {error}"[:2000]
        session.commit()
        log.error("job %s (%s) could not be queued: %s", job.id, job.name, job.error)


def run(job_id):
    """Run one attempt of a job in the current app context; raises when it fails."""
    job = db.session.get(JobRun, job_id)
    if job is None or job.status in ("done", "failed"):
        return None
    now = utcnow()
    job.status, job.started_at, job.heartbeat_at = "running", now, now
    job.attempts += 1
    db.session.commit()
    heartbeat = Heartbeat(db.engine, job_id, current_app.config["JOB_HEARTBEAT_SECONDS"])
    try:
        result = TASKS[job.name](**job.args)
    except Exception as error:
        heartbeat.stop()
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
    heartbeat.stop()
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


class Heartbeat:
    """A thread that writes a running job's ``heartbeat_at`` until stopped, on a connection
    of its own (the job's session may be inside a long transaction)."""

    def __init__(self, engine, job_id, seconds):
        self.engine, self.job_id, self.seconds = engine, job_id, seconds
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"kop-job-{job_id}", daemon=True)
        self.thread.start()

    def _beat(self):
        while not self.stopped.wait(self.seconds):
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        update(JobRun)
                        .where(JobRun.id == self.job_id, JobRun.status == "running")
                        .values(heartbeat_at=utcnow())
                    )
            except Exception:  # noqa: BLE001 - a missed beat is retried; never kill the job
                log.warning("job %s: heartbeat not written", self.job_id, exc_info=True)

    def stop(self):
        self.stopped.set()
        self.thread.join()


def abandoned_before(now=None, app=None):
    """A running job whose last heartbeat is older than this was abandoned by its worker."""
    app = app or current_app
    seconds = max(60.0, 4 * app.config["JOB_HEARTBEAT_SECONDS"])
    return (now or utcnow()) - timedelta(seconds=seconds)


def reconcile(now=None):
    """Notice what the queue lost and what dead workers left: (requeued, failed) counts.

    A running job whose heartbeat stopped is queued again while it has attempts left, else
    marked failed; a queued job the queue no longer holds is marked failed ("lost").
    """
    now = now or utcnow()
    requeued = failed = 0
    with _bookkeeping() as session:
        stale = session.execute(
            db.select(JobRun).where(
                JobRun.status == "running", JobRun.heartbeat_at < abandoned_before(now)
            )
        ).scalars().all()  # fmt: skip
        for job in stale:
            claimed = session.execute(
                update(JobRun)
                .where(JobRun.id == job.id, JobRun.status == "running",
                       JobRun.heartbeat_at == job.heartbeat_at)  # fmt: skip
                .values(status="queued", error="Its worker stopped while it ran (abandoned).")
                .execution_options(synchronize_session=False)
            ).rowcount
            session.commit()
            if not claimed:
                continue  # it beat again, or another process reconciles it
            session.refresh(job)
            log.error("job %s (%s) was abandoned by its worker", job.id, job.name)
            if job.attempts > len(current_app.config["JOB_RETRIES"]):
                job.status, job.finished_at = "failed", now
                session.commit()
                failed += 1
            else:
                _hand_to_backend(job, session)
                requeued += 1
        if mode() in ("rq", "thread"):
            for job in session.execute(
                db.select(JobRun).where(JobRun.status == "queued")
            ).scalars().all():  # fmt: skip
                if _held(job, now) is False:
                    job.status, job.finished_at = "failed", now
                    job.error = ("The job queue no longer holds this job (lost, e.g. Redis "
                                 "restarted).")  # fmt: skip
                    session.commit()
                    log.error("job %s (%s) was lost by the queue", job.id, job.name)
                    failed += 1
    return requeued, failed


def _held(job, now=None):
    """Whether the backend still holds a queued job: True, False, or None (cannot tell)."""
    backend = mode()
    if backend == "sync":
        return False
    if backend == "thread":
        # Each process has its own thread: another process's jobs cannot be seen, so only a
        # job nobody started for THREAD_LOST_AFTER counts as lost.
        runner = current_app.extensions.get("kop_jobs")
        if runner is not None and runner.holds(job.id):
            return True
        return None if job.created_at > (now or utcnow()) - THREAD_LOST_AFTER else False
    if not job.queue_key:
        return False
    from rq.job import Job, NoSuchJobError

    try:
        status = Job.fetch(job.queue_key, connection=rq_connection()).get_status()
    except NoSuchJobError:
        return False
    except QUEUE_ERRORS:
        return None
    return status in ("queued", "scheduled", "deferred", "started")


def queue_state():
    """``thread`` or ``sync`` (no queue to reach), ``ok``, or ``down`` (Redis unreachable:
    new jobs are marked failed, queued mail waits for `flask mail flush`)."""
    backend = mode()
    if backend != "rq":
        return backend
    try:
        rq_connection().ping()
    except QUEUE_ERRORS:
        log.warning("job queue unreachable", exc_info=True)
        return "down"
    return "ok"


def listing():
    """(the last 20 failed jobs, the last 50 jobs), newest first: the jobs page."""
    failed = db.session.execute(
        db.select(JobRun).where(JobRun.status == "failed").order_by(JobRun.id.desc()).limit(20)
    ).scalars().all()  # fmt: skip
    recent = db.session.execute(
        db.select(JobRun).order_by(JobRun.id.desc()).limit(50)
    ).scalars().all()  # fmt: skip
    return failed, recent


def abandoned(jobs, now=None):
    """The ids among ``jobs`` that run without a heartbeat (shown as such, without writing)."""
    limit = abandoned_before(now)
    return {
        j.id for j in jobs if j.status == "running" and j.heartbeat_at and j.heartbeat_at < limit
    }


# -- rq ------------------------------------------------------------------------------------
def rq_connection(app=None):
    from redis import Redis

    app = app or current_app
    return Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5)


def rq_queue(app=None):
    from rq import Queue

    app = app or current_app
    return Queue(app.config["JOBS_QUEUE"], connection=rq_connection(app))


def _rq_enqueue(job):
    from rq import Retry

    retries = list(current_app.config["JOB_RETRIES"])
    key = f"kop-{job.id}-{job.attempts}"
    rq_queue().enqueue(
        "app.jobs.queue.run", job.id, job_id=key, retry=Retry(max=len(retries), interval=retries),
        job_timeout=6 * 3600, result_ttl=24 * 3600, failure_ttl=7 * 24 * 3600,
    )  # fmt: skip
    return key


def _queue_errors():
    try:
        from redis.exceptions import RedisError
    except ImportError:  # no Redis client installed: only the thread and sync backends
        return (OSError,)
    return (RedisError, OSError)


QUEUE_ERRORS = _queue_errors()


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
        self.pending = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._loop, name="kop-jobs", daemon=True).start()

    def put(self, job_id):
        with self.lock:
            self.pending.add(job_id)
        self.jobs.put(job_id)

    def holds(self, job_id):
        with self.lock:
            return job_id in self.pending

    def _loop(self):
        while True:
            job_id = self.jobs.get()
            retry = False
            with self.app.app_context():
                try:
                    run(job_id)
                except Exception:  # noqa: BLE001 - recorded; retried below if attempts remain
                    job = db.session.get(JobRun, job_id)
                    if job is not None and job.status == "queued":
                        delay = self.app.config["JOB_RETRIES"][job.attempts - 1]
                        threading.Timer(delay, self.put, args=(job_id,)).start()
                        retry = True  # still held: the timer puts it back
                finally:
                    db.session.remove()
            if not retry:
                with self.lock:
                    self.pending.discard(job_id)
