"""Platform administration: users, themes, weights with evidence, audit log, stats."""

from flask import Blueprint

bp = Blueprint("admin", __name__, cli_group="audit")
bp.cli.help = "The audit log (retention)."

from app.admin import cli, views, views_platform, views_weights  # noqa: E402,F401
