"""The personal settings form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField
from wtforms.fields.choices import SelectChoice

from app.i18n import language_choices

FREQUENCY_CHOICES = [
    SelectChoice("weekly", _l("Weekly")),
    SelectChoice("daily", _l("Daily")),
    SelectChoice("off", _l("Never")),
]


class SettingsForm(FlaskForm):
    digest_frequency = RadioField(_l("Email digest of new matches"), choices=FREQUENCY_CHOICES)
    locale = SelectField(_l("Language"), choices=language_choices)
