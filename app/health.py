"""The state of the services the platform leans on, for the admins (read only, bounded in
time: each check waits a second or two at most)."""

import logging

from flask import current_app

from app.extensions import limiter

log = logging.getLogger(__name__)


def rate_limit_store():
    """``memory`` (counted per process, no store configured), ``ok``, or ``down`` (the
    limits are counted in each process's memory until the store answers again)."""
    if str(current_app.config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory"):
        return "memory"
    try:
        return "ok" if limiter.storage.check() else "down"
    except Exception:  # noqa: BLE001 - any failure to reach the store means it is down
        log.warning("rate-limit store unreachable", exc_info=True)
        return "down"


def job_queue():
    """``thread`` or ``sync`` (no queue to reach), ``ok``, or ``down`` (Redis unreachable:
    new jobs are marked failed, queued mail waits for `flask mail flush`)."""
    from app.jobs.queue import QUEUE_ERRORS, mode, rq_connection

    backend = mode()
    if backend != "rq":
        return backend
    try:
        rq_connection().ping()
    except QUEUE_ERRORS:
        log.warning("job queue unreachable", exc_info=True)
        return "down"
    return "ok"
