"""Fixed choices of the forms, with labels in the user's language."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.area import current_area
from app.i18n import current_language, language_label
from app.models.geography import wished_on

COOPERATION_FORMS = {
    "study_visit": _l("Study visit"),
    "exchange": _l("Exchange of staff or experience"),
    "network": _l("Network"),
    "joint_project": _l("Joint development project"),
    "eu_application": _l("Joint EU application (e.g. Interreg)"),
}

HORIZONS = {
    "short": _l("Short-term exchange"),
    "long": _l("Long-term joint development"),
}



def working_languages():
    """{code: name}: the languages a profile may say it works in (the area pack's)."""
    return {code: language_label(code) for code in current_area().working_languages}


def countries():
    """{code: name in the reader's language} of the area's countries."""
    language = current_language()
    return {c.code: c.name(language) for c in current_area().countries}


def country_label(code):
    return current_area().country_name(code, current_language())

CONTACT_STATUSES = {
    "sent": _l("Awaiting answer"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
}

def other_side(country):
    """The countries whose municipalities are offered to one of ``country`` (the pack's)."""
    return current_area().other_side(country)


def cooperation_years(coop):
    """A cooperation's years as a reader sees them: 2008–2010, since 1995, ongoing."""
    start, end = coop.period
    if coop.ongoing:
        return _("since %(year)d", year=start) if start else _("ongoing")
    if start and end and start != end:
        return f"{start}–{end}"
    return str(end or start or "")


def register_template_helpers(app):
    """Labels of the fixed choices, for the templates."""

    @app.context_processor
    def choice_labels():
        return {
            "cooperation_form_label": lambda code: COOPERATION_FORMS.get(code, code),
            "horizon_label": lambda code: HORIZONS.get(code, code),
            "working_language_label": language_label,
            "country_label": country_label,
            "contact_status_label": lambda code: CONTACT_STATUSES.get(code, code),
            "cooperation_years": cooperation_years,
            "countries": countries(),
            "wished_on": wished_on,
            "cooperation_forms": COOPERATION_FORMS,
            "horizons": HORIZONS,
        }
