"""Admin forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length

from app.auth.forms import REQUIRED

ROLE_CHOICES = [SelectChoice("member", _l("Member")), SelectChoice("admin", _l("Admin"))]
LANGUAGE_CHOICES = [
    SelectChoice("sv", "Svenska"),
    SelectChoice("da", "Dansk"),
    SelectChoice("en", "English"),
]


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
    locale = SelectField(_l("Language of the emails"), choices=LANGUAGE_CHOICES, default="sv")
