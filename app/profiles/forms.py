"""The profile form."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from app.choices import COOPERATION_FORMS, working_languages
from app.fields import (
    Filled,
    MultiCheckboxField,
    ServiceForm,
    at_least_one,
    length_message,
    stripped,
)
from app.themes import theme_choices


class ProfileForm(ServiceForm):
    """A municipality's profile; the contact person is one of ``members``."""

    description = TextAreaField(
        _l("About the municipality"),
        filters=[stripped],
        validators=[Filled(), Length(min=30, max=5000, message=length_message())],
    )
    needs = TextAreaField(
        _l("What we look for"),
        filters=[stripped],
        validators=[Filled(), Length(min=20, max=3000, message=length_message())],
    )
    offers = TextAreaField(
        _l("What we bring"),
        filters=[stripped],
        validators=[Filled(), Length(min=20, max=3000, message=length_message())],
    )
    themes = MultiCheckboxField(_l("Themes"), coerce=int, validators=[at_least_one])
    cooperation_forms = MultiCheckboxField(
        _l("Forms of cooperation we seek"), validators=[at_least_one]
    )
    working_languages = MultiCheckboxField(_l("Working languages"), validators=[at_least_one])
    contact_user = SelectField(_l("Contact person"), coerce=int)
    # The version the form was filled from: a save on an older one is refused (someone else
    # saved in between), never silently applied over theirs.
    version = HiddenField()

    def __init__(self, members, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes.choices = theme_choices()
        self.cooperation_forms.choices = [SelectChoice(k, v) for k, v in COOPERATION_FORMS.items()]
        self.working_languages.choices = [
            SelectChoice(k, v) for k, v in working_languages().items()
        ]
        self.contact_user.choices = [SelectChoice(0, _l("Nobody yet"))] + [
            SelectChoice(u.id, u.name or u.email) for u in members
        ]

    def service_data(self):
        data = super().service_data()
        data["contact_user_id"] = data.pop("contact_user") or None
        version = str(data.pop("version") or "")
        data["version"] = int(version) if version.isdigit() and len(version) < 10 else None
        return data
