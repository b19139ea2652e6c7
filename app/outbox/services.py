"""Queueing mail in the database and delivering it with retries: the one way mail leaves.

``queue_email`` renders a message in the recipient's language and adds it to the session:
the caller's commit saves it together with the change that caused it (a contact, an
answer, an invitation, a reset, a digest: ``queue_message`` takes a message built
elsewhere). ``deliver_due`` then sends what is due, after the commit:
as a background job (``mail.flush``) queued once the response has gone out, and from
``flask mail flush`` (cron) for what failed. A message is claimed with a compare-and-set
(pending → sending) that writes a claim token, so two runs never send it twice: a run sends
a message only after checking that the token is still its own (and renewing the claim), and
marks it sent only under that token. A claim older than STALE_CLAIM (a run that died) may
be taken over; SMTP's MAIL_TIMEOUT keeps every send far shorter than that. A failure waits
(1, 5, 30 minutes, then hours) and after MAIL_MAX_ATTEMPTS it is marked failed, for the
admins to see. Features that must know the outcome connect to ``app.outbox.signals``.
"""

import logging
import uuid
from datetime import timedelta

from flask import after_this_request, current_app, has_request_context
from flask_mail import Message
from sqlalchemy import and_, or_, update

from app.clock import utcnow
from app.email import SMTP_ERRORS, build_message, connect, write_to_outbox_folder
from app.extensions import db
from app.jobs.queue import enqueue
from app.models import OutgoingMail
from app.outbox.signals import mail_given_up, mail_sent

log = logging.getLogger(__name__)
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
STALE_CLAIM = timedelta(minutes=30)


def clean_header(value):
    """A header value on one line: CR, LF and NUL become spaces (no header injection)."""
    return " ".join(str(value).replace("\x00", " ").splitlines()).strip()


def deliverable(address):
    """Whether mail may go to ``address``: never to a reserved .invalid domain (deleted
    accounts), where it could only bounce or leak."""
    return not address.lower().rstrip(".").endswith(".invalid")


def queue_email(to, subject, template, locale=None, headers=None, kind="", **context):
    """Render a message in ``locale`` and add it to the session (committed by the caller);
    None when no recipient can receive mail."""
    to = [a for a in ([to] if isinstance(to, str) else to) if deliverable(a)]
    if not to:
        return None
    message = build_message(to, clean_header(subject), template, locale, headers, **context)
    return queue_message(message, kind or template)


def queue_message(message, kind):
    """Add a built ``flask_mail.Message`` to the session, to be sent as any queued mail."""
    row = OutgoingMail(
        recipients=list(message.recipients),
        subject=clean_header(message.subject),
        body=message.body,
        html=message.html,
        headers={k: clean_header(v) for k, v in (message.extra_headers or {}).items()},
        kind=kind,
        status="pending",
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    return row


def _claim(now, limit, token):
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
            .values(status="sending", next_attempt_at=now, claim_token=token)
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
    """Send up to ``limit`` queued messages that are due; (sent, failed for good). Never
    raises on SMTP."""
    now = now or utcnow()
    return send_claimed(claim_due(now, limit), now)


def deliver_all_due(now=None):
    """Send everything that is due, ``limit`` messages per SMTP connection; (sent, failed
    for good). Each message is tried once: a failure waits for its next attempt."""
    total_sent = total_failed = 0
    while True:
        sent, failed = deliver_due(now)
        total_sent += sent
        total_failed += failed
        if not sent and not failed:
            return total_sent, total_failed


def claim_due(now, limit=200):
    """Claim up to ``limit`` messages that are due for this run: (token, ids)."""
    token = uuid.uuid4().hex
    return token, _claim(now, limit, token)


def send_claimed(claim, now):
    """Send what ``claim`` holds through one SMTP connection (or to the outbox folder), each
    message only while the claim is still this run's; (sent, failed for good).

    Right before each message the run renews its claim (committed): a message another run
    took over is left to that run. Each outcome is committed message by message. A
    connection that cannot be opened fails every message not yet tried.
    """
    token, ids = claim
    if not ids:
        return 0, 0
    rows = db.session.execute(
        db.select(OutgoingMail).where(OutgoingMail.id.in_(ids)).order_by(OutgoingMail.id)
    ).scalars().all()
    sent = failed = 0
    tried = set()
    connection = None
    try:
        if current_app.config.get("MAIL_SERVER"):
            connection = connect()
            connection.__enter__()
        for row in rows:
            tried.add(row.id)
            held = under_claim(row.id, token, next_attempt_at=now)
            db.session.commit()
            if not held:
                log.warning("mail %s: another run took it over; not sent by this one", row.id)
                continue
            try:
                if connection is None:
                    write_to_outbox_folder(_message(row))
                else:
                    connection.send(_message(row))
            except SMTP_ERRORS as error:
                failed += _failed(row, error, now, token)
            else:
                _sent(row, now, token)
                sent += 1
            db.session.commit()
    except SMTP_ERRORS as error:  # no connection at all
        for row in rows:
            if row.id not in tried:
                failed += _failed(row, error, now, token)
        db.session.commit()
    finally:
        if connection is not None:
            try:
                connection.__exit__(None, None, None)
            except SMTP_ERRORS:
                pass
    return sent, failed


def _sent(row, now, token):
    if not under_claim(row.id, token, sending_only=False, status="sent", sent_at=now,
                       attempts=OutgoingMail.attempts + 1):  # fmt: skip
        log.error("mail %s was sent, but its claim had been taken over", row.id)
        return
    mail_sent.send(row, now=now)


def _failed(row, error, now, token):
    db.session.refresh(row)
    if row.claim_token != token:  # another run holds it now: its outcome counts
        return 0
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:1000]
    limit = current_app.config["MAIL_MAX_ATTEMPTS"]
    log.error("mail %s (%s) failed, attempt %s of %s: %s", row.id, row.kind, row.attempts,
              limit, row.last_error)  # fmt: skip
    if row.attempts >= limit:
        row.status = "failed"
        mail_given_up.send(row, now=now)
        return 1
    row.status = "pending"
    row.next_attempt_at = now + BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
    return 0


def under_claim(mail_id, token, sending_only=True, **values):
    """Update a claimed message only while ``token`` still holds its claim: renew the claim
    right before sending, or mark it sent. True when the message was this run's."""
    conditions = [OutgoingMail.id == mail_id, OutgoingMail.claim_token == token]
    if sending_only:
        conditions.append(OutgoingMail.status == "sending")
    result = db.session.execute(
        update(OutgoingMail).where(*conditions).values(**values)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    return result.rowcount == 1


def deliver_soon():
    """Have what was just queued sent in the background once the response has gone out
    (outside a request, as in the CLI: at once).

    So a request never waits for the mail server (a hanging one holds a background worker,
    never a web worker), and a visitor cannot tell from the time an answer takes whether a
    mail was sent (password reset). What is not sent stays queued for ``flask mail flush``.
    """
    if not has_request_context():
        _quietly(deliver_due)
        return
    app = current_app._get_current_object()

    @after_this_request
    def _after_response(response):
        response.call_on_close(lambda: _flush_later(app))
        return response


def _flush_later(app):
    with app.app_context():
        _quietly(lambda: enqueue("mail.flush"))


def _quietly(action):
    try:
        action()
    except Exception:  # noqa: BLE001 - delivery must never undo or fail the user's action
        db.session.rollback()
        log.exception("queued mail was not handed on; it stays queued for `flask mail flush`")


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
