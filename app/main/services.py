"""What the dashboard shows."""

from app.extensions import db
from app.matches.contacts import waiting_for
from app.matches.strength import split
from app.matches.suggestions import projects_for
from app.models import Project
from app.profiles.services import completeness


def dashboard_for(user):
    """The user's municipality, its profile and how complete it is, its projects."""
    municipality = user.municipality
    projects = (
        db.session.execute(
            db.select(Project)
            .where(Project.municipality_id == municipality.id)
            .order_by(Project.created_at.desc())
        )
        .scalars()
        .all()
    )
    percent, missing = completeness(municipality.profile)
    # The dashboard shows only strong matches (the best three); weaker ones are on the list.
    strong, weaker = split(projects_for(municipality, limit=3))
    return {
        "municipality": municipality,
        "profile": municipality.profile,
        "percent": percent,
        "missing": missing,
        "projects": projects,
        "for_us": strong,
        "for_us_weaker": bool(weaker),
        "waiting": waiting_for(user),
    }
