"""The profile form."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from app.choices import COOPERATION_FORMS, WORKING_LANGUAGES
from app.fields import REQUIRED, MultiCheckboxField, ServiceForm, at_least_one, length_message
from app.themes import theme_choices


class ProfileForm(ServiceForm):
    """A municipality's profile; the contact person is one of ``members``."""

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

    def __init__(self, members, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes.choices = theme_choices()
        self.cooperation_forms.choices = [SelectChoice(k, v) for k, v in COOPERATION_FORMS.items()]
        self.working_languages.choices = [SelectChoice(k, v) for k, v in WORKING_LANGUAGES.items()]
        self.contact_user.choices = [SelectChoice(0, _l("Nobody yet"))] + [
            SelectChoice(u.id, u.name or u.email) for u in members
        ]

    def service_data(self):
        data = super().service_data()
        data["contact_user_id"] = data.pop("contact_user") or None
        return data
