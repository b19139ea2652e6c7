"""What the dashboard shows."""

from app.extensions import db
from app.models import Project


def dashboard_for(user):
    """The user's municipality, its profile (or None) and its projects, newest first."""
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
    return {"municipality": municipality, "profile": municipality.profile, "projects": projects}
