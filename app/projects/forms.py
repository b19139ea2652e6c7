"""The project form."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from app.choices import COOPERATION_FORMS, HORIZONS, other_side
from app.fields import (
    REQUIRED,
    Filled,
    LocalDateField,
    MultiCheckboxField,
    ServiceForm,
    at_least_one,
    length_message,
    stripped,
)
from app.models.geography import regions_of
from app.themes import theme_choices

MAX_YEARS_AHEAD = 3


def _future_date(form, field):
    if field.data is None:
        return
    if field.data <= date.today():
        raise ValidationError(_l("Choose a date in the future."))
    if field.data.year > date.today().year + MAX_YEARS_AHEAD:
        raise ValidationError(_l("Choose a date within three years."))


class ProjectForm(ServiceForm):
    """A project of a municipality in ``owner_country`` (the wished regions are across)."""

    title = StringField(
        _l("Title"),
        filters=[stripped],
        validators=[Filled(), Length(min=5, max=200, message=length_message())],
    )
    summary = TextAreaField(
        _l("Summary"),
        filters=[stripped],
        validators=[Filled(), Length(min=30, max=4000, message=length_message())],
    )
    needs = TextAreaField(
        _l("What we look for in a partner"),
        filters=[stripped],
        validators=[Filled(), Length(min=20, max=3000, message=length_message())],
    )
    offers = TextAreaField(
        _l("What we bring"),
        filters=[stripped],
        validators=[Filled(), Length(min=20, max=3000, message=length_message())],
    )
    themes = MultiCheckboxField(_l("Themes"), coerce=int, validators=[at_least_one])
    cooperation_form = SelectField(_l("Form of cooperation"), validators=[InputRequired(REQUIRED)])
    horizon = RadioField(_l("Time horizon"), validators=[InputRequired(REQUIRED)])
    wished_regions = MultiCheckboxField(
        _l("Wished regions on the other side (optional)"),
        invalid_message=_l("Choose regions on the other side of the border."),
    )
    expires_at = LocalDateField(
        _l("Open for partners until"),
        validators=[InputRequired(_l("Enter a date.")), _future_date],
    )

    def __init__(self, owner_country, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes.choices = theme_choices()
        self.cooperation_form.choices = [SelectChoice(k, v) for k, v in COOPERATION_FORMS.items()]
        self.horizon.choices = [SelectChoice(k, v) for k, v in HORIZONS.items()]
        self.wished_regions.choices = [
            SelectChoice(r, r) for r in regions_of(other_side(owner_country))
        ]
