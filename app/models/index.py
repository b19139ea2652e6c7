"""The change log the fitted index follows, and the background jobs that maintain it."""

from app.clock import utcnow
from app.extensions import db


class IndexChange(db.Model):
    """One committed change to what the matcher reads, in commit order.

    ``kind``: ``municipality`` (its profile, activity or facts: ``key`` is its id),
    ``project`` (``key``: the project id) or ``refit`` (the history or the theme taxonomy
    changed: a full refit in the background). Written in the same transaction as the
    change itself (``app.index.changes``), so a worker that sees the row sees the change.
    """

    # The newest change of a kind is one index lookup (``latest_refit_id``, every page that
    # ranks asks): by (kind, id), not a walk back through the ids past every other kind.
    __table_args__ = (db.Index("ix_index_change_kind_id", "kind", "id"),)

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(20), nullable=False)
    key = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)

    @classmethod
    def latest_refit_id(cls):
        """The last change that needs a refit (the history or the taxonomy), 0 when none."""
        return (
            db.session.execute(
                db.select(db.func.max(cls.id)).where(cls.kind == "refit")
            ).scalar()
            or 0
        )


class JobRun(db.Model):
    """A background job: what, with which arguments, how it went (shown to admins)."""

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(40), nullable=False, index=True)
    args = db.Column(db.JSON, nullable=False, default=dict)
    # queued → running → done | failed (failed after the last retry; earlier errors stay
    # in ``error`` while it waits for the next attempt)
    status = db.Column(db.String(10), nullable=False, default="queued", index=True)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    error = db.Column(db.Text, nullable=False, default="")
    result = db.Column(db.JSON)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    started_at = db.Column(db.DateTime)
    finished_at = db.Column(db.DateTime)
    # Written every JOB_HEARTBEAT_SECONDS while the job runs: a running job whose heartbeat
    # stopped was abandoned (its worker was killed) and is retried or marked failed.
    heartbeat_at = db.Column(db.DateTime)
    # The id of the job on the queue (RQ), so that de-duplication asks the queue itself
    # whether it still holds the job.
    queue_key = db.Column(db.String(80))
