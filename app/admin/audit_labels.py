"""What the audit log's event names mean, in the reader's language."""

from flask_babel import lazy_gettext as _l

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
    "user.activate": _l("Account reactivated"),
    "user.deactivate": _l("Account deactivated"),
    "user.delete": _l("Account deleted"),
}


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
