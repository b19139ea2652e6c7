"""Languages: the locale of a request, and template helpers for labels in that locale."""

from babel import Locale
from babel.lists import format_list
from flask import current_app, has_request_context, request, session
from flask_babel import format_decimal, format_number, format_percent
from flask_babel import get_locale as babel_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.area import current_area
from app.extensions import babel
from app.models.geography import regions_by_country


def language_names():
    """{code: name of the language in itself} of the UI languages (the area pack's with a
    catalog, then English; CLDR's names via babel): "Svenska", "Norsk bokmål"."""
    return {code: Locale.parse(code).get_display_name(code).capitalize()
            for code in current_app.config["LANGUAGES"]}  # fmt: skip


def language_label(code, language=None):
    """The name of language ``code`` in ``language`` (the request's; CLDR's names, so that a
    pack's languages need no code): "danska", "norsk bokmål"."""
    try:
        name = Locale.parse(code).get_display_name(language or current_language())
    except (ValueError, TypeError):
        return code
    return name or code


def language_choices():
    return list(language_names().items())


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


def content_lang(municipality):
    """The language of what ``municipality``'s users write (an HTML lang value; the area
    pack says it per country), so that a screen reader reads Swedish text in a Danish page
    with a Swedish voice (WCAG 3.1.2)."""

    country = getattr(municipality, "country", None)
    return current_area().language_of(country) if current_area().country(country) else ""


def area_regions():
    """The area's regions valid today, as a list in the reader's language ("Skåne,
    Blekinge, Halland, Hovedstaden and Sjælland"; Østdanmark from 2027)."""

    names = [name for names in regions_by_country().values() for name in names]
    return format_list(names, locale=current_language()) if names else ""


def area_languages():
    """The languages the matching reads, as a list in the reader's language."""

    codes = [*current_area().languages, "en"]
    return format_list([language_label(c) for c in dict.fromkeys(codes)],
                       locale=current_language())


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
            "language_names": language_names(),
            "content_lang": content_lang,
            "area_regions": area_regions,
            "area_languages": area_languages,
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

    @app.template_filter("population")
    def population_filter(value):
        """A population as the reader writes numbers, or "not known" (never 0)."""

        return _("not known") if value is None else format_number(value)

    @app.template_filter("label")
    def label_filter(obj):
        """The label of a theme (or anything with ``label(locale)``) in this request's language."""
        return obj.label(current_language())
