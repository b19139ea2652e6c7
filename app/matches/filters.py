"""The suggestions page's filters, read from the query string (the page, its export)."""

from flask import request

from app.choices import COOPERATION_FORMS, other_side
from app.models.geography import names_ever


def suggestion_filters(project):
    """(region, cooperation form, new partners only) of a project's suggestions page (its
    export too): a region of the other side and a known form, else None; ``new=1`` keeps
    only municipalities the project's municipality has not worked with."""
    # A region of the other side, by today's name or an older one (it still finds).
    asked = request.args.get("region")
    region = asked if asked in names_ever(other_side(project.municipality.country)) else None
    form = request.args.get("form")
    return region, form if form in COOPERATION_FORMS else None, request.args.get("new") == "1"
