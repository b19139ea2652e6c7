"""Queueing mail in the database and delivering it with retries.

``queue_email`` renders a message in the recipient's language and adds it to the session:
the caller's commit saves it together with the change that caused it (a contact, an
answer, an invitation, a reset). ``deliver_due`` then sends what is due, after the commit:
right away from the request that queued it, and from ``flask mail flush`` (cron or the job
queue) for what failed. A message is claimed with a compare-and-set (pending → sending), so
two runs never send it twice; a failure waits (1, 5, 30 minutes, then hours) and after
MAIL_MAX_ATTEMPTS it is marked failed, for the admins to see.
"""

import logging
from datetime import timedelta

from flask import after_this_request, current_app, has_request_context
from flask_mail import Message
from sqlalchemy import and_, or_, update

from app.clock import utcnow
from app.email import build_message, send_each
from app.extensions import db
from app.models import OutgoingMail

log = logging.getLogger(__name__)
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
STALE_CLAIM = timedelta(minutes=30)


def clean_header(value):
    """A header value on one line: CR, LF and NUL become spaces (no header injection)."""
    return " ".join(str(value).replace("\x00", " ").splitlines()).strip()


def queue_email(to, subject, template, locale=None, headers=None, kind="", **context):
    """Render a message in ``locale`` and add it to the session (committed by the caller)."""
    message = build_message(to, clean_header(subject), template, locale, headers, **context)
    row = OutgoingMail(
        recipients=list(message.recipients),
        subject=message.subject,
        body=message.body,
        html=message.html,
        headers={k: clean_header(v) for k, v in (headers or {}).items()},
        kind=kind or template,
        status="pending",
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    return row


def _claim(now, limit):
    due = and_(
        or_(
            and_(OutgoingMail.status == "pending", OutgoingMail.next_attempt_at <= now),
            and_(
                OutgoingMail.status == "sending", OutgoingMail.next_attempt_at < now - STALE_CLAIM
            ),
        )
    )
    ids = (
        db.session.execute(
            db.select(OutgoingMail.id).where(due).order_by(OutgoingMail.id).limit(limit)
        )
        .scalars()
        .all()
    )
    claimed = []
    for mail_id in ids:
        result = db.session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.id == mail_id, due)
            .values(status="sending", next_attempt_at=now)
        )
        if result.rowcount == 1:
            claimed.append(mail_id)
    db.session.commit()
    return claimed


def _message(row):
    return Message(
        subject=row.subject,
        recipients=row.recipients,
        body=row.body,
        html=row.html,
        extra_headers=row.headers or None,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )


def deliver_due(now=None, limit=200):
    """Send the queued mail that is due; (sent, failed for good). Never raises on SMTP."""
    now = now or utcnow()
    ids = _claim(now, limit)
    if not ids:
        return 0, 0
    rows = db.session.execute(db.select(OutgoingMail).where(OutgoingMail.id.in_(ids))).scalars()

    def sent(row):
        row.status, row.sent_at = "sent", now
        row.attempts += 1

    return send_each(rows, _message, sent, lambda row, error: _failed(row, error, now))


def _failed(row, error, now):
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:1000]
    limit = current_app.config["MAIL_MAX_ATTEMPTS"]
    log.error("mail %s (%s) failed, attempt %s of %s: %s", row.id, row.kind, row.attempts,
              limit, row.last_error)  # fmt: skip
    if row.attempts >= limit:
        row.status = "failed"
        return 1
    row.status = "pending"
    row.next_attempt_at = now + BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
    return 0


def deliver_soon():
    """Send what was just queued once the response has gone out (outside a request: now).

    So a request never waits for the mail server, and a visitor cannot tell from the time
    an answer takes whether a mail was sent (password reset). A failure stays queued.
    """
    if not has_request_context():
        _deliver_quietly()
        return
    app = current_app._get_current_object()

    @after_this_request
    def _after_response(response):
        response.call_on_close(lambda: _deliver_in(app))
        return response


def _deliver_in(app):
    with app.app_context():
        _deliver_quietly()


def _deliver_quietly():
    try:
        deliver_due()
    except Exception:  # noqa: BLE001 - delivery must never undo or fail the user's action
        db.session.rollback()
        log.exception("delivering queued mail failed; it stays queued")


def failures():
    """Mail that failed for good or is waiting for a retry, newest first (for admins)."""
    return (
        db.session.execute(
            db.select(OutgoingMail)
            .where(OutgoingMail.status.in_(["failed", "pending"]), OutgoingMail.attempts > 0)
            .order_by(OutgoingMail.id.desc())
            .limit(200)
        )
        .scalars()
        .all()
    )
