"""The audit log and the corpus version the matcher watches."""

from app.clock import utcnow
from app.extensions import db


class AuditEvent(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    actor_id = db.Column(db.ForeignKey("user.id"), index=True)
    action = db.Column(db.String(40), nullable=False, index=True)
    object_type = db.Column(db.String(40), nullable=False)
    object_id = db.Column(db.Integer)
    before = db.Column(db.JSON)
    after = db.Column(db.JSON)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)

    actor = db.relationship("User")


class CorpusVersion(db.Model):
    """One row: bumped whenever a profile or project changes, so matchers know to refit."""

    id = db.Column(db.Integer, primary_key=True)
    version = db.Column(db.Integer, nullable=False, default=0)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
