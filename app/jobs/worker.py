"""The RQ worker of `flask jobs worker`: jobs in this process, a scheduler that dies with it,
and a watchdog that notices abandoned and lost jobs."""

import logging
import os
import threading

from rq import SimpleWorker
from rq.scheduler import RQScheduler

from app.extensions import db
from app.jobs.queue import reconcile

log = logging.getLogger(__name__)
RECONCILE_SECONDS = 60


class ParentBoundScheduler(RQScheduler):
    """RQ's scheduler (a child process that enqueues retries when they are due) that stops,
    releasing its lock, once the worker that started it is gone.

    RQ's own scheduler outlives a worker killed with SIGKILL and keeps its lock, so the
    next worker runs no scheduler of its own while an orphan does the work unseen.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_pid = os.getpid()

    def heartbeat(self):
        if os.getppid() != self.parent_pid:
            log.warning("scheduler %s: its worker %s is gone; stopping", os.getpid(),
                        self.parent_pid)  # fmt: skip
            self.request_stop()
        super().heartbeat()


class Worker(SimpleWorker):
    """SimpleWorker (jobs run in this process, inside the app context of the command: no
    fork, so database connections are never shared) with a ParentBoundScheduler."""

    def _start_scheduler(self, burst=False, logging_level="INFO", date_format=None,
                         log_format=None):  # fmt: skip
        formats = {"date_format": date_format, "log_format": log_format}
        self.scheduler = ParentBoundScheduler(
            self.queues, connection=self.connection, serializer=self.serializer,
            logging_level=logging_level if logging_level is not None else self.log.level,
            **{k: v for k, v in formats.items() if v is not None},
        )  # fmt: skip
        self.scheduler.acquire_locks()
        if not self.scheduler.acquired_locks:
            return
        if burst:
            try:
                self.scheduler.register_birth()
                self.scheduler.enqueue_scheduled_jobs()
            finally:
                self.scheduler.release_locks()
                self.scheduler.register_death()
        else:
            self.scheduler.start()


def start_watchdog(app, seconds=RECONCILE_SECONDS):
    """Reconcile at once and then every ``seconds`` in a thread of the worker."""

    def loop():
        while True:
            with app.app_context():
                try:
                    requeued, failed = reconcile()
                    if requeued or failed:
                        log.warning("jobs: %s abandoned requeued, %s failed", requeued, failed)
                except Exception:  # noqa: BLE001 - the next round tries again
                    log.exception("jobs: reconciling failed")
                finally:
                    db.session.remove()
            stop.wait(seconds)

    stop = threading.Event()
    threading.Thread(target=loop, name="kop-jobs-watchdog", daemon=True).start()
    return stop
