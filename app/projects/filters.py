"""The project list's filters, read from the query string (the page, its export, the API)."""

from flask import request

from app.area import current_area
from app.choices import COOPERATION_FORMS, HORIZONS
from app.models.geography import is_region
from app.requests import arg_int


def browse_filters():
    """The filters of ``projects.services.search_query`` from ``request.args``; unknown
    values are ignored, as on the page."""
    args = request.args
    return {
        "country": args.get("country") if args.get("country") in current_area().country_codes
        else None,
        "region": args.get("region") if is_region(args.get("region")) else None,
        "theme_id": arg_int("theme"),
        "form": args.get("form") if args.get("form") in COOPERATION_FORMS else None,
        "horizon": args.get("horizon") if args.get("horizon") in HORIZONS else None,
        "text": (args.get("q") or "").strip()[:200],
    }


def query_params(filters):
    """The filters as the query string of the page's links (page, export)."""
    params = {
        "country": filters["country"],
        "region": filters["region"],
        "theme": filters["theme_id"],
        "form": filters["form"],
        "horizon": filters["horizon"],
        "q": filters["text"],
    }
    return {k: v for k, v in params.items() if v}


def directory_filters():
    """(country, region, theme id) of the directory and its export; unknown values ignored."""
    args = request.args
    country = args.get("country") if args.get("country") in current_area().country_codes else None
    region = args.get("region") if is_region(args.get("region")) else None
    return country, region, arg_int("theme")
