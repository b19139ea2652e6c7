"""Languages: the locale of a request, and template helpers for labels in that locale."""

from flask import current_app, has_request_context, request, session
from flask_babel import format_decimal, format_percent
from flask_babel import get_locale as babel_locale
from flask_login import current_user

from app.extensions import babel

LANGUAGE_NAMES = {"sv": "Svenska", "da": "Dansk", "en": "English"}


def select_locale():
    """The user's saved choice, else the browser's Accept-Language, else Swedish.

    Outside a request (the CLI), messages are in English unless a caller forces a locale.
    """
    if not has_request_context():
        return "en"
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


# What a municipality's users write in, by country (their texts are marked with it, so that
# a screen reader reads Swedish text in a Danish page with a Swedish voice: WCAG 3.1.2).
CONTENT_LANGUAGES = {"SE": "sv", "DK": "da"}


def content_lang(municipality):
    """The language of what ``municipality``'s users write (an HTML lang value)."""
    return CONTENT_LANGUAGES.get(getattr(municipality, "country", None), "")


def recipient_locale(user):
    """The language to write to ``user`` in: their saved choice, else the default."""
    return user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language():
    """The two-letter code of the language this request is rendered in."""
    return str(babel_locale() or "sv")


def init_i18n(app):
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def inject_language():
        return {
            "current_language": current_language(),
            "language_names": LANGUAGE_NAMES,
            "content_lang": content_lang,
        }

    @app.template_filter("format_percent")
    def percent_filter(value, decimals=0):
        """A share as a percentage in the reader's language (sv/da: "25 %")."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + " %"
        return format_percent(value, pattern)

    @app.template_filter("format_decimal")
    def decimal_filter(value, decimals=2):
        """A number with a decimal comma or point as the reader's language writes it."""
        return format_decimal(value, "#,##0." + "0" * decimals)

    @app.template_filter("label")
    def label_filter(obj):
        """The label of a theme (or anything with ``label(locale)``) in this request's language."""
        return obj.label(current_language())
