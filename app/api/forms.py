"""Forms of the access-token page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

EXPIRY_CHOICES = [
    SelectChoice("90", _l("90 days")),
    SelectChoice("30", _l("30 days")),
    SelectChoice("365", _l("One year")),
    SelectChoice("0", _l("Never (revoke it yourself)")),
]


class TokenForm(FlaskForm):
    name = StringField(
        _l("What the token is for"),
        validators=[DataRequired(_l("Give the token a name.")), Length(max=80)],
    )
    expires = SelectField(_l("Valid for"), choices=EXPIRY_CHOICES, default="90")


class RevokeForm(FlaskForm):
    """Only the CSRF token: which token to revoke is in the URL."""
