"""Municipality profiles and the directory of municipalities."""

from flask import Blueprint

bp = Blueprint("profiles", __name__)

from app.profiles import views  # noqa: E402,F401
