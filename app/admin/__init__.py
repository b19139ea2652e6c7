"""Platform administration: users, themes, weights with evidence, audit log, stats."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import views, views_platform, views_weights  # noqa: E402,F401
