"""Platform administration: users (themes, weights, audit and stats come later)."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import views  # noqa: E402,F401
