"""Input that reaches the views in one piece: bounded ids, query numbers, no NUL bytes.

Ids in URLs and numbers in query strings are bounded to what every database can hold
(2^31 - 1), so an absurd number is a 404 or an ignored filter, never a 500. A NUL byte
anywhere in a request is refused with a clear 400 in the user's language (PostgreSQL cannot
store one). Request bodies are limited by MAX_CONTENT_LENGTH (413).
"""

from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter

DB_INT_MAX = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` that matches only ids a database integer column can hold."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


def arg_int(name, default=None, low=1, high=DB_INT_MAX):
    """A whole number from the query string within [low, high], else ``default``."""
    value = request.args.get(name, "")
    if not value.isdigit() or len(value) > 10:
        return default
    number = int(value)
    return number if low <= number <= high else default


def _has_nul():
    if "\x00" in request.path or "%00" in request.query_string.decode("latin-1").lower():
        return True
    for values in (request.args, request.form):
        for value in values.values():
            if "\x00" in value:
                return True
    return False


def register_input_rules(app):
    app.url_map.converters["int"] = BoundedIntConverter

    @app.before_request
    def refuse_nul_bytes():
        if request.method in ("POST", "PUT", "PATCH") and request.content_length and (
            request.content_length > app.config["MAX_CONTENT_LENGTH"]
        ):
            return None  # werkzeug answers 413 when the body is read
        if _has_nul():
            from app.errors import render_error

            return render_error(
                400, _l("What you sent contains a character that is not allowed (a NUL byte).")
            )
        return None
