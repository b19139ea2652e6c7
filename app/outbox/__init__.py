"""Outgoing mail: queued with the change that causes it, delivered with retries."""

from flask import Blueprint

bp = Blueprint("outbox", __name__, cli_group="mail")
bp.cli.help = "Outgoing mail (queued in the database, delivered with retries)."

from app.outbox import cli, tasks, views  # noqa: E402,F401
