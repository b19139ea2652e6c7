"""Suggestions for projects, projects looking for you, contacts and the map."""

from flask import Blueprint

bp = Blueprint("matches", __name__, cli_group="matches")
bp.cli.help = "Suggestions for projects."

from app.matches import cli, tasks, views  # noqa: E402,F401
