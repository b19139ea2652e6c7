"""Forms of the suggestions and contacts pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length

from app.fields import REQUIRED, length_message


class ContactForm(FlaskForm):
    municipality = HiddenField(validators=[InputRequired(REQUIRED)])
    message = TextAreaField(
        _l("Message"),
        validators=[InputRequired(REQUIRED), Length(min=20, max=3000, message=length_message())],
    )


class DismissForm(FlaskForm):
    municipality = HiddenField(validators=[InputRequired(REQUIRED)])
    reason = StringField(_l("Why not? (optional)"), validators=[Length(max=500)])


class UndoDismissForm(FlaskForm):
    municipality = HiddenField(validators=[InputRequired(REQUIRED)])


class AnswerForm(FlaskForm):
    decision = HiddenField(validators=[AnyOf(["accept", "decline"])])
    reply = TextAreaField(_l("Answer (optional)"), validators=[Length(max=3000)])
