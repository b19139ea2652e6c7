"""Platform statistics for the admins: profiles, projects, suggestions and contacts."""

from collections import OrderedDict
from datetime import date

from app.area import current_area
from app.extensions import db
from app.models import Contact, Municipality, Profile, Project, Suggestion
from app.profiles.services import completeness

MONTHS = 12


def _month_keys(today, n=MONTHS):
    keys = []
    year, month = today.year, today.month
    for _ in range(n):
        keys.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(keys))


def _per_month(datetimes, today):
    counts = OrderedDict((k, 0) for k in _month_keys(today))
    for moment in datetimes:
        key = f"{moment.year:04d}-{moment.month:02d}"
        if key in counts:
            counts[key] += 1
    return counts


def platform_stats(today=None):
    today = today or date.today()
    profiles = {code: [0, 0] for code in current_area().country_codes}  # complete, started
    for profile in db.session.execute(db.select(Profile)).scalars():
        percent, _ = completeness(profile)
        counts = profiles.setdefault(profile.municipality.country, [0, 0])
        counts[0 if percent == 100 else 1] += 1
    municipalities = dict(
        db.session.execute(
            db.select(Municipality.country, db.func.count()).group_by(Municipality.country)
        ).all()
    )
    open_projects = dict(
        db.session.execute(
            db.select(Municipality.country, db.func.count())
            .select_from(Project)
            .join(Project.municipality)
            .where(Project.is_open)
            .group_by(Municipality.country)
        ).all()
    )
    shown = db.session.execute(db.select(Suggestion.first_seen_at)).scalars()
    contacts = db.session.execute(db.select(Contact.created_at, Contact.status)).all()
    return {
        "profiles": profiles,
        "municipalities": municipalities,
        "open_projects": open_projects,
        "suggestions_per_month": _per_month(shown, today),
        "contacts_per_month": _per_month([c for c, _ in contacts], today),
        "accepted_per_month": _per_month([c for c, s in contacts if s == "accepted"], today),
    }
