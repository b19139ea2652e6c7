"""The start page and the dashboard."""

from flask import Blueprint

bp = Blueprint("main", __name__, cli_group=None)  # `flask seed`, `flask demo`

from app.main import cli, views  # noqa: E402,F401
