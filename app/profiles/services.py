"""Profile services: editing (audited, bumps the corpus version), completeness, directory."""

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.area import country_order, current_area
from app.audit import changed_fields, record_event
from app.choices import COOPERATION_FORMS
from app.extensions import db
from app.fields import FieldError
from app.models import Municipality, Profile, Theme, User
from app.models.geography import recorded_names
from app.themes import themes_by_ids

FIELDS = ("description", "needs", "offers", "cooperation_forms", "working_languages")

COMPLETENESS_ITEMS = [
    ("description", _l("About the municipality")),
    ("needs", _l("What we look for")),
    ("offers", _l("What we bring")),
    ("themes", _l("Themes")),
    ("cooperation_forms", _l("Forms of cooperation we seek")),
    ("working_languages", _l("Working languages")),
    ("contact_user", _l("Contact person")),
]


def snapshot(profile):
    """The profile as plain data, for the audit log."""
    return {
        "description": profile.description,
        "needs": profile.needs,
        "offers": profile.offers,
        "themes": [t.code for t in profile.themes],
        "cooperation_forms": list(profile.cooperation_forms or []),
        "working_languages": list(profile.working_languages or []),
        "contact_user_id": profile.contact_user_id,
    }


def update_profile(user, municipality, data):
    """Create or update ``municipality``'s profile from plain ``data`` as ``user``."""
    if not municipality.can_be_managed_by(user):
        raise PermissionError
    try:
        themes = themes_by_ids(data.get("themes"))
    except ValueError:
        raise FieldError("themes", _l("Choose themes from the list.")) from None
    if set(data.get("cooperation_forms", [])) - set(COOPERATION_FORMS):
        raise FieldError("cooperation_forms", _l("Choose from the list."))
    if set(data.get("working_languages", [])) - set(current_area().working_languages):
        raise FieldError("working_languages", _l("Choose from the list."))
    contact_id = data.get("contact_user_id") or None
    if contact_id is not None:
        contact = db.session.get(User, contact_id)
        if contact is None or contact.municipality_id != municipality.id or not contact.active:
            raise FieldError(
                "contact_user", _l("The contact person must work in the municipality.")
            )
    profile = municipality.profile
    created = profile is None
    # The page's form always sends the version it was filled from; a client that sends none
    # (a script) saves over the current one.
    if not created and data.get("version") not in (None, profile.version):
        raise EditConflict(profile)
    if created:
        profile = Profile(municipality=municipality)
        db.session.add(profile)
    before = {} if created else snapshot(profile)
    for field in FIELDS:
        value = data.get(field)
        setattr(profile, field, value.strip() if isinstance(value, str) else list(value or []))
    profile.themes = themes
    profile.contact_user_id = contact_id
    profile.updated_by_id = user.id
    try:
        db.session.flush()  # the version check of the UPDATE (another save in between)
        old, new = changed_fields(before, snapshot(profile))
        if new or created:
            record_event(
                user, "profile.create" if created else "profile.update", profile, old, new
            )
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise EditConflict(db.session.get(Profile, profile.id)) from None
    return profile


class EditConflict(FieldError):
    """The profile was saved by someone else after the form was opened."""

    def __init__(self, profile):
        super().__init__(
            "version",
            _l("Someone else saved this profile while you were editing it. Your text is kept "
               "below: compare it with the profile as it is now, then save again to replace "
               "theirs."),
        )  # fmt: skip
        self.profile = profile


def completeness(profile):
    """(percent complete, labels of the missing parts) of a profile, or of none at all."""
    if profile is None:
        return 0, [label for _, label in COMPLETENESS_ITEMS]
    missing = []
    for key, label in COMPLETENESS_ITEMS:
        value = profile.contact_user_id if key == "contact_user" else getattr(profile, key)
        if not value:
            missing.append(label)
    done = len(COMPLETENESS_ITEMS) - len(missing)
    return round(100 * done / len(COMPLETENESS_ITEMS)), missing


def directory(country=None, region=None, theme_id=None):
    """Municipalities with their profiles, filtered; in the area's order of countries, then
    by region and name."""
    query = db.select(Municipality).outerjoin(Municipality.profile)
    if country:
        query = query.where(Municipality.country == country)
    if region:
        query = query.where(Municipality.recorded_region.in_(recorded_names(region)))
    if theme_id:
        query = query.where(Profile.themes.any(Theme.id == theme_id))
    query = query.order_by(
        country_order(Municipality.country), Municipality.recorded_region, Municipality.name
    )
    query = query.options(selectinload(Municipality.profile).selectinload(Profile.themes))
    return db.session.execute(query).scalars().unique().all()


def members_of(municipality):
    return (
        db.session.execute(
            db.select(User)
            .where(User.municipality_id == municipality.id, User.answers())
            .order_by(User.name)
        )
        .scalars()
        .all()
    )
