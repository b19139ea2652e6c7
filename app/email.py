"""Building email (text + HTML in the reader's language) and handing it to Flask-Mail, or
writing it as .eml files when no SMTP server is set. Mail that users cause goes through the
queue in app/outbox, not straight to SMTP."""

import os
import smtplib
import uuid
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Connection, Message
from sqlalchemy import update

from app.clock import utcnow
from app.extensions import db


def absolute_url(endpoint, **values):
    """An absolute link into the app built from SERVER_URL, never from the request's Host.

    ``url_for(_external=True)`` would take the Host of the request being served (which a
    client chooses), so links are built on the URL map bound to SERVER_URL instead.
    """
    base = urlsplit(current_app.config["SERVER_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def build_message(to, subject, template, locale, headers=None, **context):
    """Render ``<template>.txt`` and ``.html`` in ``locale`` into a multipart message."""
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        context.setdefault("server_url", current_app.config["SERVER_URL"].rstrip("/"))
        msg = Message(
            subject=str(subject),
            recipients=[to] if isinstance(to, str) else list(to),
            body=render_template(f"email/{template}.txt", **context),
            html=render_template(f"email/{template}.html", **context),
            extra_headers=headers,
        )
    return msg


class TimedConnection(Connection):
    """Flask-Mail's SMTP connection with a timeout on every socket operation.

    smtplib waits for ever by default: a server that accepts the connection and never
    answers would hold whoever sends. With MAIL_TIMEOUT, each step (connect, greeting, every
    command) fails after that many seconds, so one message can take at most a few timeouts,
    far less than a claim lasts (outbox and digest STALE_CLAIM).
    """

    def configure_host(self):
        timeout = current_app.config["MAIL_TIMEOUT"]
        smtp = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        host = smtp(self.mail.server, self.mail.port, timeout=timeout)
        host.set_debuglevel(int(self.mail.debug))
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host


def connect():
    """An SMTP connection (a context manager) with MAIL_TIMEOUT on every step."""
    return TimedConnection(current_app.extensions["mail"])


def deliver(messages):
    """Send messages through one SMTP connection, or write them to the outbox folder."""
    if not current_app.config.get("MAIL_SERVER"):
        for msg in messages:
            write_to_outbox_folder(msg)
        return
    with connect() as conn:
        for msg in messages:
            conn.send(msg)


def write_to_outbox_folder(msg):
    """Without an SMTP server, mail is written as .eml files to MAIL_OUTBOX."""
    folder = current_app.config["MAIL_OUTBOX"]
    os.makedirs(folder, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(msg.as_bytes())


SMTP_ERRORS = (smtplib.SMTPException, OSError)


def under_claim(model, row_id, token, sending_only=True, **values):
    """Update a claimed row (an ``OutgoingMail`` or a ``DigestDelivery``) only while ``token``
    still holds its claim: renew the claim right before sending, or mark it sent. True when
    the row was this run's (the fencing of both mail pipelines)."""
    conditions = [model.id == row_id, model.claim_token == token]
    if sending_only:
        conditions.append(model.status == "sending")
    result = db.session.execute(
        update(model).where(*conditions).values(**values)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    return result.rowcount == 1


def send_each(items, build, on_sent, on_failed, still_held=None):
    """Send one message per item through one SMTP connection (or to the outbox folder).

    ``build(item)`` makes the message; ``on_sent(item)`` or ``on_failed(item, error)`` (which
    returns 1 when the item failed for good) records the outcome, committed item by item. A
    connection that cannot be opened fails every item not yet sent. ``still_held(item)``,
    asked (and committed) right before each message goes out, says whether this run still
    holds the item's claim; an item whose claim another run took is left to that run.
    Returns (sent, failed).
    """
    items = list(items)
    sent = failed = 0
    done = set()
    connection = None
    try:
        if current_app.config.get("MAIL_SERVER"):
            connection = connect()
            connection.__enter__()
        for item in items:
            if still_held is not None:
                held = still_held(item)
                db.session.commit()
                if not held:
                    done.add(id(item))
                    continue
            try:
                message = build(item)
                if connection is None:
                    write_to_outbox_folder(message)
                else:
                    connection.send(message)
            except SMTP_ERRORS as error:
                failed += on_failed(item, error)
            else:
                on_sent(item)
                sent += 1
            done.add(id(item))
            db.session.commit()
    except SMTP_ERRORS as error:  # no connection at all
        for item in items:
            if id(item) not in done:
                failed += on_failed(item, error)
        db.session.commit()
    finally:
        if connection is not None:
            try:
                connection.__exit__(None, None, None)
            except SMTP_ERRORS:
                pass
    return sent, failed
