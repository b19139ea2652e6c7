"""Demo profiles and projects: Swedish text for Swedish municipalities, Danish for Danish.

The texts are invented for the demo; the municipalities are real. Needs on one side are
written so that a neighbour across the strait could answer them.
"""

from datetime import timedelta

from app.clock import utcnow
from app.demo.profiles_data import PROFILES
from app.demo.projects_data import PROJECTS
from app.extensions import db
from app.models import Municipality, Profile, Project, Theme, User


def _municipality(code):
    return db.session.execute(db.select(Municipality).where(Municipality.code == code)).scalar_one()


def _themes(codes):
    return db.session.execute(db.select(Theme).where(Theme.code.in_(codes))).scalars().all()


def _user(email):
    return db.session.execute(db.select(User).where(User.email == email)).scalar_one()


def create_demo_content():
    """Fill profiles and projects that are not there yet; returns (profiles, projects) added."""
    added_profiles = added_projects = 0
    for code, (desc, needs, offers, themes, forms, languages) in PROFILES.items():
        municipality = _municipality(code)
        if municipality.profile is not None:
            continue
        # Platform admins are not a municipality's contact person unless made so.
        contact = next((u for u in municipality.users if u.active and not u.is_admin), None)
        db.session.add(
            Profile(
                municipality=municipality,
                description=desc,
                needs=needs,
                offers=offers,
                themes=_themes(themes),
                cooperation_forms=forms,
                working_languages=languages,
                contact_user_id=contact.id if contact else None,
            )
        )
        added_profiles += 1
    now = utcnow()
    for age, row in enumerate(PROJECTS):
        code, email, title, summary, needs, offers, themes, form, horizon, regions = row
        exists = db.session.execute(db.select(Project.id).where(Project.title == title)).first()
        if exists:
            continue
        db.session.add(
            Project(
                municipality=_municipality(code),
                created_by=_user(email),
                title=title,
                summary=summary,
                needs=needs,
                offers=offers,
                themes=_themes(themes),
                cooperation_form=form,
                horizon=horizon,
                wished_regions=regions,
                status="open",
                created_at=now - timedelta(days=2 * age),
                expires_at=now + timedelta(days=365),
            )
        )
        added_projects += 1
    db.session.commit()
    return added_profiles, added_projects
