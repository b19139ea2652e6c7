"""Email digests of new matches: building, sending exactly once, unsubscribing."""

from flask import Blueprint

bp = Blueprint("digest", __name__, cli_group="digest")
bp.cli.help = "Email digests of new matches."

from app.digest import cli, tasks, views  # noqa: E402,F401
