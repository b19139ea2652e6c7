"""Form fields and validators shared by the feature packages."""

from datetime import date

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, SelectMultipleField
from wtforms.validators import InputRequired, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

REQUIRED = _l("This field is required.")


def stripped(value):
    """A filter: text without white space at its ends, so lengths count what is stored."""
    return value.strip() if isinstance(value, str) else value


class Filled(InputRequired):
    """Required, and more than white space (text of spaces only is stored as nothing)."""

    def __init__(self, message=REQUIRED):
        super().__init__(message)

    def __call__(self, form, field):
        super().__call__(form, field)
        if isinstance(field.data, str) and not field.data.strip():
            field.errors[:] = []
            raise StopValidation(self.message)


class FieldError(ValueError):
    """A problem with user input that a service found (say, a tampered choice); ``field``
    names the form field where the view shows the message."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


class ServiceForm(FlaskForm):
    """A form whose data goes to one service as plain data (the CSRF token left out).

    Subclasses set their choices in ``__init__`` and may override ``service_data`` where a
    field's name differs from the service's key.
    """

    def service_data(self):
        return {field.name: field.data for field in self if field.name != "csrf_token"}


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes, with a translated message for a
    value that is not among the choices."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, invalid_message=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message or _l("Choose from the list.")

    def pre_validate(self, form):
        allowed = {self.coerce(choice.value) for choice in self.iter_choices()}
        if any(value not in allowed for value in self.data or ()):
            raise ValidationError(self.invalid_message)


def at_least_one(form, field):
    if not field.data:
        raise ValidationError(_l("Choose at least one."))


def length_message():
    return _l("Write between %(min)d and %(max)d characters.")


class LocalDateField(DateField):
    """A date field whose parse error is in the user's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a valid date (YYYY-MM-DD).")) from None


class LocalFloatField(FloatField):
    """A number field whose parse error is in the user's language (accepts 1,5 as 1.5)."""

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].replace(",", ".").strip()]
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a number.")) from None


class LocalNumber:
    """A number that prints as the reader's language writes it (3 in English, 0,5 in
    Swedish), for messages formatted when they are shown."""

    def __init__(self, value):
        self.value = value

    def __str__(self):

        return format_decimal(self.value, "#,##0.##")


def parse_date(value):
    """A date from YYYY-MM-DD between 1900 and 2100, or None (filters ignore the rest)."""
    try:
        parsed = date.fromisoformat(value) if value else None
    except (ValueError, TypeError):
        return None
    return parsed if parsed and 1900 <= parsed.year <= 2100 else None
