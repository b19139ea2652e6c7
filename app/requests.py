"""Input that reaches the views in one piece: bounded ids, query numbers, no NUL bytes.

Ids in URLs and numbers in query strings are bounded to what every database can hold
(2^31 - 1), so an absurd number is a 404 or an ignored filter, never a 500. A NUL byte
anywhere in a request is refused with a clear 400 in the user's language (PostgreSQL cannot
store one), and so is a file sent to a form (no form here takes files). Request bodies are
limited by MAX_CONTENT_LENGTH (413). A Host header that is no host name is refused with a
plain 400 before Flask builds URLs from it (``HostCheck``). A read (GET, HEAD) whose
database connection died under it (a restarted or failed-over PostgreSQL) is run once more
on a fresh connection; a write is not, since it may have been half done.
"""

import logging
import re

from flask import current_app, g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError
from werkzeug.routing import IntegerConverter

from app.errors import render_error
from app.extensions import db

log = logging.getLogger(__name__)

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


def _nul_in_address():
    return "\x00" in request.path or "%00" in request.query_string.decode("latin-1").lower()


def _has_nul():
    if _nul_in_address():
        return True
    for values in (request.args, request.form):
        for value in values.values():
            if "\x00" in value:
                return True
    return False


def register_input_rules(app):
    app.url_map.converters["int"] = BoundedIntConverter

    app.wsgi_app = HostCheck(app.wsgi_app)

    @app.errorhandler(DBAPIError)
    def retry_a_read_once(error):
        if (
            not error.connection_invalidated
            or request.method not in ("GET", "HEAD")
            or g.get("kop_db_retried")
        ):
            raise error

        log.warning("database connection lost during %s %s; reading again once",
                    request.method, request.path)  # fmt: skip
        g.kop_db_retried = True
        db.session.rollback()
        return current_app.ensure_sync(current_app.dispatch_request)()

    @app.before_request
    def refuse_nul_bytes_and_files():

        nul = _l("What you sent contains a character that is not allowed (a NUL byte).")
        if (
            request.method in ("POST", "PUT", "PATCH")
            and request.content_length
            and (request.content_length > app.config["MAX_CONTENT_LENGTH"])
        ):
            # The body is not read (werkzeug answers 413 when a view reads it); the address
            # is checked all the same.
            return render_error(400, nul) if _nul_in_address() else None
        if _has_nul():
            return render_error(400, nul)
        if request.files:
            return render_error(400, _l("This form does not take files. Type the text instead."))
        return None


# A host name (labels of 1-63 letters, digits, hyphens or underscores, at most 253
# characters), an IPv4 address or a bracketed IPv6 address, with an optional port.
_HOST = re.compile(
    r"(?:(?=[^:]{1,253}(?::|$))(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*"
    r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
)


class HostCheck:
    """WSGI middleware: a request whose Host header is not a host name gets a plain 400.

    Flask builds its URL adapter from the Host; a label over 63 characters cannot be encoded
    and left even the error page without one (a 500 on every page).
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if host is not None and not _HOST.fullmatch(host):
            body = b"400 Bad Request: the Host header is not a valid host name.\n"
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8"),
                                               ("Content-Length", str(len(body)))])  # fmt: skip
            return [body]
        return self.wsgi_app(environ, start_response)
