"""The admin form of a cooperation record."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional, ValidationError

from app.area import country_order
from app.extensions import db
from app.fields import REQUIRED, MultiCheckboxField, ServiceForm, length_message
from app.models import Municipality, Theme
from app.themes import theme_choices

YEAR = NumberRange(1900, 2100, message=_l("Enter a year between 1900 and 2100."))


class YearField(IntegerField):
    """A year, with its parse error in the user's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a year between 1900 and 2100.")) from None


def _not_before_start(form, field):
    if field.data and form.start_year.data and field.data < form.start_year.data:
        raise ValidationError(_l("The end cannot be before the start."))


class CooperationForm(ServiceForm):
    title = StringField(
        _l("Title"),
        validators=[InputRequired(REQUIRED), Length(max=300, message=length_message())],
    )
    programme = StringField(_l("Programme"), validators=[Length(max=200)])
    start_year = YearField(_l("First year"), validators=[Optional(), YEAR])
    end_year = YearField(_l("Last year"), validators=[Optional(), YEAR, _not_before_start])
    ongoing = BooleanField(_l("Still running"))
    source_url = StringField(
        _l("Source (web address)"),
        validators=[
            Optional(),
            URL(require_tld=True, message=_l("Enter a web address (https://…).")),
            Length(max=500),
        ],
    )
    summary = TextAreaField(
        _l("Summary in your own words"), validators=[Length(max=5000, message=length_message())]
    )
    themes = MultiCheckboxField(_l("Themes"), coerce=int)
    members = MultiCheckboxField(
        _l("Member municipalities"),
        coerce=int,
        validators=[InputRequired(_l("Choose at least one municipality."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes.choices = theme_choices()
        rows = db.session.execute(
            db.select(Municipality).order_by(country_order(Municipality.country), Municipality.name)
        ).scalars()
        self.members.choices = [SelectChoice(m.id, m.name) for m in rows]

    def service_data(self):

        data = super().service_data()
        data["members"] = (
            db.session.execute(db.select(Municipality).where(Municipality.id.in_(data["members"])))
            .scalars()
            .all()
        )
        data["themes"] = (
            db.session.execute(db.select(Theme).where(Theme.id.in_(data["themes"] or [])))
            .scalars()
            .all()
        )
        return data
