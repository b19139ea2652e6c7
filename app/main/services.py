"""What the dashboard shows."""

from app.extensions import db
from app.matches.contacts import waiting_for
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
    return {
        "municipality": municipality,
        "profile": municipality.profile,
        "percent": percent,
        "missing": missing,
        "projects": projects,
        "for_us": projects_for(municipality, limit=3),
        "waiting": waiting_for(user),
    }
