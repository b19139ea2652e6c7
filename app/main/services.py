"""What the dashboard shows."""

from app.extensions import db
from app.matches.contacts import answered_for, waiting_for
from app.matches.strength import split
from app.matches.suggestions import projects_for
from app.models import Contact, JobRun, Municipality, OutgoingMail, Project, User
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


def platform_overview():
    """What the platform's admins look after (an admin answers for no municipality, so the
    dashboard shows them the platform, not a member's view)."""
    count = lambda query: db.session.execute(query).scalar_one()  # noqa: E731
    waiting = db.session.execute(
        db.select(Contact).where(Contact.status == "sent").order_by(Contact.created_at)
    ).scalars().all()  # fmt: skip
    unanswered = [c for c in waiting if not answered_for(c.to_municipality_id)]
    return {
        "users": count(db.select(db.func.count(User.id)).where(User.answers())),
        "invited": count(db.select(db.func.count(User.id)).where(
            User.active.is_(True), User.password_hash.is_(None))),  # fmt: skip
        "without_users": count(db.select(db.func.count(Municipality.id)).where(
            Municipality.id.not_in(db.select(User.municipality_id).where(User.answers())))),
        "open_projects": count(db.select(db.func.count(Project.id)).where(Project.is_open)),
        "waiting": len(waiting),
        "unanswered": unanswered,
        "failed_mail": count(db.select(db.func.count(OutgoingMail.id)).where(
            OutgoingMail.status == "failed")),  # fmt: skip
        "failed_jobs": count(db.select(db.func.count(JobRun.id)).where(
            JobRun.status == "failed")),  # fmt: skip
    }
