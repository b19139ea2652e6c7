"""What the engine suggested (logged for evaluation) and the contacts that followed."""

from app.clock import utcnow
from app.extensions import db

CONTACT_STATUSES = ("sent", "accepted", "declined", "withdrawn")


class Suggestion(db.Model):
    """A candidate municipality as shown for a project: score, why, and when it was seen."""

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id", ondelete="CASCADE"), nullable=False)
    municipality_id = db.Column(db.ForeignKey("municipality.id"), nullable=False, index=True)
    score = db.Column(db.Float, nullable=False)
    rank = db.Column(db.Integer, nullable=False)
    components = db.Column(db.JSON, nullable=False, default=dict)
    explanation = db.Column(db.JSON, nullable=False, default=dict)
    weights_version = db.Column(db.Integer, nullable=False, default=0)
    first_seen_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    last_seen_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    dismissed_at = db.Column(db.DateTime)
    dismiss_reason = db.Column(db.String(500))
    dismissed_by_id = db.Column(db.ForeignKey("user.id"))

    __table_args__ = (
        db.UniqueConstraint(
            "project_id", "municipality_id", name="uq_suggestion_project_municipality"
        ),
    )

    project = db.relationship("Project")
    municipality = db.relationship("Municipality")


class Contact(db.Model):
    """A project owner's message to a candidate municipality, and its answer."""

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id", ondelete="CASCADE"), nullable=False)
    from_user_id = db.Column(db.ForeignKey("user.id"), nullable=False)
    to_municipality_id = db.Column(db.ForeignKey("municipality.id"), nullable=False, index=True)
    message = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(10), nullable=False, default="sent", index=True)
    reply = db.Column(db.Text, nullable=False, default="")
    answered_by_id = db.Column(db.ForeignKey("user.id"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    answered_at = db.Column(db.DateTime)
    # "We are working together", said by each side of an accepted contact; when both have
    # said it, the contact becomes a platform cooperation in the history.
    sender_confirmed_at = db.Column(db.DateTime)
    receiver_confirmed_at = db.Column(db.DateTime)

    __table_args__ = (
        db.UniqueConstraint(
            "project_id", "to_municipality_id", name="uq_contact_project_municipality"
        ),
    )

    project = db.relationship("Project")
    from_user = db.relationship("User", foreign_keys=[from_user_id])

    def can_be_seen_by(self, user):
        """The admins and the members of either municipality."""
        return user.is_admin or user.municipality_id in (
            self.project.municipality_id,
            self.to_municipality_id,
        )
    answered_by = db.relationship("User", foreign_keys=[answered_by_id])
    to_municipality = db.relationship("Municipality")
