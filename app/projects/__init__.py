"""Projects that seek partners across the strait: posting, editing, browsing."""

from flask import Blueprint

bp = Blueprint("projects", __name__)

from app.projects import views  # noqa: E402,F401
