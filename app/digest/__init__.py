"""Email digests of new matches: building, sending exactly once, unsubscribing."""

from flask import Blueprint

bp = Blueprint("digest", __name__)

from app.digest import views  # noqa: E402,F401
