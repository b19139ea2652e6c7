"""The suggestions' background job: recompute and log every open project's suggestions."""

from flask_babel import lazy_gettext as _l

from app.jobs.registry import task
from app.matches.suggestions import refresh_all


@task("matches.refresh", label=_l("Refresh all suggestions"))
def matches_refresh():
    """Recompute and log the suggestions of every open project."""
    return {"projects": refresh_all()}
