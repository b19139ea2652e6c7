"""What the audit log says, in the reader's language: event names, the names of the fields
that changed and their values (labels for codes, names for municipality codes, titles for
project ids, dates as a reader writes them in local time)."""

from datetime import datetime

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from app.choices import CONTACT_STATUSES, COOPERATION_FORMS, HORIZONS
from app.extensions import db
from app.i18n import current_language, language_label
from app.models import Municipality, Project, Theme

CATEGORIES = {
    "profile": _l("Profiles"),
    "project": _l("Projects"),
    "contact": _l("Contacts"),
    "suggestion": _l("Suggestions"),
    "cooperation": _l("Cooperation history"),
    "theme": _l("Themes"),
    "weights": _l("Weights"),
    "setting": _l("Settings"),
    "user": _l("Users"),
    "token": _l("Access tokens"),
}

ACTIONS = {
    "profile.create": _l("Profile created"),
    "profile.update": _l("Profile changed"),
    "project.create": _l("Project posted"),
    "project.update": _l("Project changed"),
    "project.close": _l("Project closed"),
    "project.reopen": _l("Project reopened"),
    "project.extend": _l("Project extended"),
    "contact.send": _l("Contact sent"),
    "contact.accepted": _l("Contact accepted"),
    "contact.declined": _l("Contact declined"),
    "contact.withdraw": _l("Contact withdrawn"),
    "contact.working_together": _l("Said “we are working together”"),
    "suggestion.dismiss": _l("Suggestion dismissed"),
    "suggestion.undismiss": _l("Suggestion brought back"),
    "cooperation.import": _l("Cooperation imported"),
    "cooperation.create": _l("Cooperation added"),
    "cooperation.update": _l("Cooperation changed"),
    "cooperation.delete": _l("Cooperation removed"),
    "cooperation.platform": _l("Cooperation started on the platform"),
    "theme.create": _l("Theme created"),
    "theme.update": _l("Theme changed"),
    "weights.apply": _l("Weights applied"),
    "weights.activate": _l("Weights version put back in force"),
    "setting.update": _l("Setting changed"),
    "token.create": _l("Access token created"),
    "token.revoke": _l("Access token revoked"),
    "user.role": _l("Role changed"),
    "user.invite_again": _l("Invitation sent again"),
    "user.settings": _l("Email settings changed"),
    "user.unsubscribe": _l("Unsubscribed from the digest"),
    "user.activate": _l("Account reactivated"),
    "user.deactivate": _l("Account deactivated"),
    "user.delete": _l("Account deleted"),
}


# The keys of before/after copies (services' snapshots), named as their forms name them.
FIELDS = {
    "description": _l("About the municipality"),
    "needs": _l("What we look for"),
    "offers": _l("What we bring"),
    "themes": _l("Themes"),
    "cooperation_forms": _l("Forms of cooperation we seek"),
    "working_languages": _l("Working languages"),
    "contact_user_id": _l("Contact person"),
    "title": _l("Title"),
    "summary": _l("Summary"),
    "cooperation_form": _l("Form of cooperation"),
    "horizon": _l("Time horizon"),
    "wished_regions": _l("Wished regions on the other side (optional)"),
    "status": _l("Status"),
    "expires_at": _l("Open for partners until"),
    "to": _l("To"),
    "project_id": _l("Project"),
    "role": _l("Role"),
    "active": _l("Active"),
    "reason": _l("Why not? (optional)"),
    "code": _l("Code"),
    "weight": _l("Weight"),
    "note": _l("Note"),
    "name": _l("Name"),
    "side": _l("Side"),
    "digest_frequency": _l("Digest"),
    "locale": _l("Language"),
    "members": _l("Municipalities"),
    "programme": _l("Programme"),
    "start_year": _l("From year"),
    "end_year": _l("To year"),
    "ongoing": _l("Ongoing"),
    "source_url": _l("Source"),
    "origin": _l("Origin"),
    "municipality": _l("Municipality"),
}
ROLES = {"member": _l("Member"), "admin": _l("Admin")}
PROJECT_STATUSES = {"open": _l("Open"), "closed": _l("Closed"), "expired": _l("Expired")}
SIDES = {"sender": _l("The project's municipality"), "receiver": _l("The contacted municipality")}
FREQUENCIES = {"weekly": _l("Weekly"), "daily": _l("Daily"), "off": _l("Never")}
CODES = {
    "cooperation_form": COOPERATION_FORMS,
    "cooperation_forms": COOPERATION_FORMS,
    "horizon": HORIZONS,
    "role": ROLES,
    "side": SIDES,
    "digest_frequency": FREQUENCIES,
    "status": {**PROJECT_STATUSES, **CONTACT_STATUSES},
}


def field_label(key):
    if key.startswith("label_") and key not in FIELDS:  # a theme's label in a language
        return _l("Label in %(language)s", language=language_label(key.removeprefix("label_")))
    return FIELDS.get(key, key)


def field_value(key, value, limit=300):
    """A before/after value in the reader's terms (see the module docstring)."""

    languages = key in ("working_languages", "locale")
    if (key in CODES or languages) and isinstance(value, str | list):
        labels = CODES.get(key, {})
        if languages:  # any language: CLDR names it
            codes = value if isinstance(value, list) else [value]
            labels = {c: language_label(c) for c in codes if isinstance(c, str)}
        value = [labels.get(v, v) for v in value] if isinstance(value, list) else labels.get(
            value, value)  # fmt: skip
    elif key == "themes" and isinstance(value, list):
        themes = {t.code: t for t in db.session.execute(
            db.select(Theme).where(Theme.code.in_(value))).scalars()}  # fmt: skip
        value = [themes[c].label(current_language()) if c in themes else c for c in value]
    elif key in ("to", "members", "municipality") and isinstance(value, str | list):
        codes = value if isinstance(value, list) else [value]
        names = dict(db.session.execute(
            db.select(Municipality.code, Municipality.name).where(Municipality.code.in_(codes))
        ).all())  # fmt: skip
        named = [names.get(c, c) for c in codes]
        value = named if isinstance(value, list) else named[0]
    elif key == "project_id" and isinstance(value, int):
        title = db.session.execute(
            db.select(Project.title).where(Project.id == value)).scalar_one_or_none()
        value = title or value
    elif isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and "T" in value:
        try:
            value = when(datetime.fromisoformat(value))
        except ValueError:
            pass
    return readable(value, limit)


def when(moment):
    """A date and time no reader can misread (5 Dec 2026 15:04), in local time."""
    return format_datetime(moment, "d MMM y HH:mm")


def action_label(action):
    return ACTIONS.get(action, action)


def category_label(category):
    return CATEGORIES.get(category, category)


def readable(value, limit=300):
    """A before/after value as plain text: lists joined, long texts cut, no JSON escapes."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list | tuple):
        return ", ".join(readable(v, limit) for v in value) or "–"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {readable(v, limit)}" for k, v in value.items())
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
