"""Login, logout, invitations and password reset."""

from flask import Blueprint

bp = Blueprint("auth", __name__, cli_group="users")
bp.cli.help = "Manage user accounts."

from app.auth import cli, views  # noqa: E402,F401
