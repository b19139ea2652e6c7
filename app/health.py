"""The state of the rate-limit store, for the admins (read only, bounded in time: a check
waits a second at most). The job queue's state is the jobs' own (``app.jobs.queue``)."""

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
