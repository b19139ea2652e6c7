"""Background jobs on an existing queue: RQ on Redis in production, a thread without it.

``enqueue(name, **args)`` records a ``JobRun`` and hands it to the backend:

- ``rq``: RQ on ``REDIS_URL`` (``flask jobs worker`` runs a worker), retried by RQ;
- ``thread`` (``make run``, no Redis): a thread of the web process, retried the same way;
- ``sync``: at once, in the caller (tests, and ``--now`` on the CLI).

Jobs are idempotent (a refit replaces the snapshot, the digest and the history import
send and write each thing once) and retried after ``JOB_RETRIES`` seconds; a job that
fails its last attempt stays ``failed`` with its error on the admins' jobs page.
"""

from flask import Blueprint

bp = Blueprint("jobs", __name__, cli_group="jobs")

from app.jobs import cli, views  # noqa: E402,F401
from app.jobs.queue import enqueue  # noqa: E402,F401
