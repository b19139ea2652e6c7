"""Fixed choices of the forms, with labels in the user's language."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from app.i18n import LANGUAGE_NAMES
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

WORKING_LANGUAGES = {
    "sv": _l("Swedish"),
    "da": _l("Danish"),
    "en": _l("English"),
    "de": _l("German"),
}

LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]

COUNTRIES = {"SE": _l("Sweden"), "DK": _l("Denmark")}

CONTACT_STATUSES = {
    "sent": _l("Awaiting answer"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
}

def other_country(country):
    return "DK" if country == "SE" else "SE"


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
            "working_language_label": lambda code: WORKING_LANGUAGES.get(code, code),
            "country_label": lambda code: COUNTRIES.get(code, code),
            "contact_status_label": lambda code: CONTACT_STATUSES.get(code, code),
            "cooperation_years": cooperation_years,
            "countries": COUNTRIES,
            "wished_on": wished_on,
            "cooperation_forms": COOPERATION_FORMS,
            "horizons": HORIZONS,
        }
