"""Exports (CSV and XLSX) of the pages people work with, and the public open-data files."""

from flask import Blueprint

bp = Blueprint("exports", __name__)

from app.exports import views  # noqa: E402,F401
