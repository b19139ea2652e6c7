"""Building email (text + HTML in the reader's language) and handing it to Flask-Mail, or
writing it as .eml files when no SMTP server is set. All mail goes through the queue in
app/outbox, which sends it with these."""

import os
import smtplib
import uuid
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Connection, Message

from app.clock import utcnow


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


def write_to_outbox_folder(msg):
    """Without an SMTP server, mail is written as .eml files to MAIL_OUTBOX."""
    folder = current_app.config["MAIL_OUTBOX"]
    os.makedirs(folder, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(msg.as_bytes())


SMTP_ERRORS = (smtplib.SMTPException, OSError)
