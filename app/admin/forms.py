"""Admin forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, NumberRange

from app.admin.weights import THEME_LIMITS
from app.fields import REQUIRED, Filled, LocalFloatField, LocalNumber, stripped
from app.i18n import language_choices, language_label
from app.matches.services import PARAMETERS

ROLE_CHOICES = [SelectChoice("member", _l("Member")), SelectChoice("admin", _l("Admin"))]


class InviteForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            InputRequired(REQUIRED),
            Email(_l("Enter a valid email address."), check_deliverability=False),
            Length(max=254),
        ],
    )
    name = StringField(_l("Name"), validators=[Length(max=120)])
    municipality = SelectField(_l("Municipality"), coerce=int, validators=[InputRequired(REQUIRED)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="member")
    locale = SelectField(_l("Language of the emails"), choices=language_choices, default="sv")


def theme_form(languages, theme=None, **kwargs):
    """The theme form, with a label field for each of ``languages`` (the UI's: the area
    pack's and English), named ``label_<language>``."""

    class ThemeForm(ThemeFormBase):
        pass

    for language in languages:
        setattr(ThemeForm, f"label_{language}", StringField(
            _l("Label in %(language)s", language=language_label(language)),
            filters=[stripped], validators=[Filled(), Length(max=120)],
        ))  # fmt: skip
    labels = (theme.labels or {}) if theme is not None else {}
    data = {f"label_{lang}": labels.get(lang, "") for lang in languages}
    if theme is not None:
        data["active"] = theme.active
    return ThemeForm(data=data, **kwargs)


class ThemeFormBase(FlaskForm):
    code = StringField(_l("Code"), validators=[Length(max=40)])
    weight = LocalFloatField(
        _l("Weight"),
        default=1.0,
        validators=[
            InputRequired(REQUIRED),
            NumberRange(0, 3, message=_l("Choose a weight from 0 to 3.")),
        ],
    )
    active = BooleanField(_l("Active"), default=True)


def weights_form(components, theme_weights, themes, formdata=None, data=None):
    """The weights draft form: one number per component and per theme."""

    class WeightsForm(FlaskForm):
        note = StringField(_l("Note (why this change)"), validators=[Length(max=500)])

    def number(label, lo, hi, default):
        message = _l(
            "Choose a number from %(lo)s to %(hi)s.", lo=LocalNumber(lo), hi=LocalNumber(hi)
        )
        return LocalFloatField(
            label,
            default=default,
            validators=[InputRequired(REQUIRED), NumberRange(lo, hi, message=message)],
        )

    for p in PARAMETERS:
        setattr(WeightsForm, f"c_{p.name}", number(_l(p.label), p.low, p.high, components[p.name]))
    for theme in themes:
        setattr(
            WeightsForm,
            f"t_{theme.code}",
            number(theme.code, *THEME_LIMITS, theme_weights.get(theme.code, 1.0)),
        )
    return WeightsForm(formdata=formdata, data=data)


class PlatformSettingsForm(FlaskForm):
    suggestion_min_score = LocalFloatField(
        _l("Lowest score of a strong match (weaker ones are listed apart)"),
        validators=[
            InputRequired(REQUIRED),
            NumberRange(0, 1, message=_l("Choose a number from 0 to 1.")),
        ],
    )
