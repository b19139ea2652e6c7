"""Cooperation history: importing public records, platform outcomes, admin curation."""

from flask import Blueprint

bp = Blueprint("history", __name__, cli_group="history")
bp.cli.help = "Cross-border cooperation history (import and export)."

from app.history import cli, tasks, views  # noqa: E402,F401
