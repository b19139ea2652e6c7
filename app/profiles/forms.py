"""The profile form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from app.fields import REQUIRED, MultiCheckboxField, at_least_one, length_message


class ProfileForm(FlaskForm):
    description = TextAreaField(
        _l("About the municipality"),
        validators=[InputRequired(REQUIRED), Length(min=30, max=5000, message=length_message())],
    )
    needs = TextAreaField(
        _l("What we look for"),
        validators=[InputRequired(REQUIRED), Length(min=20, max=3000, message=length_message())],
    )
    offers = TextAreaField(
        _l("What we bring"),
        validators=[InputRequired(REQUIRED), Length(min=20, max=3000, message=length_message())],
    )
    themes = MultiCheckboxField(_l("Themes"), coerce=int, validators=[at_least_one])
    cooperation_forms = MultiCheckboxField(
        _l("Forms of cooperation we seek"), validators=[at_least_one]
    )
    working_languages = MultiCheckboxField(_l("Working languages"), validators=[at_least_one])
    contact_user = SelectField(_l("Contact person"), coerce=int)
