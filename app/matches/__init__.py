"""Suggestions for projects, projects looking for you, contacts and the map."""

from flask import Blueprint

bp = Blueprint("matches", __name__)

from app.matches import views  # noqa: E402,F401
