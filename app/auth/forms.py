"""Forms of the login and password pages."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from app.fields import REQUIRED


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(REQUIRED)])
    remember = BooleanField(_l("Keep me logged in"))


class ResetRequestForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            InputRequired(REQUIRED),
            Email(_l("Enter a valid email address."), check_deliverability=False),
        ],
    )


def _long_enough(form, field):
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(field.data or "") < minimum:
        raise ValidationError(_l("Use at least %(n)d characters.", n=minimum))


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"), validators=[InputRequired(REQUIRED), _long_enough, Length(max=200)]
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(REQUIRED), EqualTo("password", _l("The passwords differ."))],
    )


class AcceptInvitationForm(SetPasswordForm):
    name = StringField(_l("Your name"), validators=[InputRequired(REQUIRED), Length(max=120)])


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password, to confirm"), validators=[InputRequired(REQUIRED), Length(max=200)]
    )
