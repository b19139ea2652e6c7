"""Digest deliveries, the items each user has been sent, and admin-set settings."""

from app.clock import utcnow
from app.extensions import db


class DigestDelivery(db.Model):
    """One digest email for one user: built once, sent at most once.

    Its message goes through the outbox like all mail (``mail``: attempts, errors and the
    claim are there); the delivery says what the digest held and whether it went out.
    """

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    # pending until its mail is sent ("sent") or given up ("failed")
    status = db.Column(db.String(10), nullable=False, default="pending", index=True)
    items = db.Column(db.JSON, nullable=False, default=list)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    sent_at = db.Column(db.DateTime)
    mail_id = db.Column(
        db.ForeignKey("outgoing_mail.id", ondelete="SET NULL"), index=True, unique=True
    )

    user = db.relationship("User")
    mail = db.relationship("OutgoingMail")


class DigestItem(db.Model):
    """An item (suggestion, project, contact) that went into a user's digest: never twice."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    item_key = db.Column(db.String(60), nullable=False)
    delivery_id = db.Column(
        db.ForeignKey("digest_delivery.id", ondelete="CASCADE"), nullable=False, index=True
    )

    __table_args__ = (db.UniqueConstraint("user_id", "item_key", name="uq_digest_item_user_key"),)


class Setting(db.Model):
    """A platform setting an admin can change; code defaults apply when there is no row."""

    key = db.Column(db.String(60), primary_key=True)
    value = db.Column(db.JSON, nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    updated_by_id = db.Column(db.ForeignKey("user.id"))


class OutgoingMail(db.Model):
    """An email queued in the same transaction as the change that causes it.

    Delivered after the commit, and again by ``flask mail flush`` (cron, or the job queue)
    until the SMTP server takes it; nothing a user did fails because SMTP is down.
    """

    id = db.Column(db.Integer, primary_key=True)
    recipients = db.Column(db.JSON, nullable=False)
    subject = db.Column(db.String(300), nullable=False)
    body = db.Column(db.Text, nullable=False)
    html = db.Column(db.Text)
    headers = db.Column(db.JSON, nullable=False, default=dict)
    kind = db.Column(db.String(40), nullable=False, default="")
    status = db.Column(db.String(10), nullable=False, default="pending", index=True)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    last_error = db.Column(db.Text)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    next_attempt_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    # Who holds the claim: a run sends and marks sent only while the token is still its own.
    claim_token = db.Column(db.String(32))
    sent_at = db.Column(db.DateTime)
