"""Error pages in the user's language: a clear message and the right 4xx, never a bare 500."""

import re

from flask import jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.extensions import db

MESSAGES = {
    401: (_l("Not logged in"), _l("A valid access token is needed.")),
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to see or change this.")),
    404: (_l("Not found"), _l("The page you asked for does not exist.")),
    405: (_l("Not allowed"), _l("This action is not possible here.")),
    422: (_l("Invalid parameters"), _l("Some parameters are not valid.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a moment and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. It has been logged.")),
}


# The API's errors: a stable code for programs, a message in the caller's language.
API_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_parameters",
    429: "rate_limited",
    500: "server_error",
}


# marshmallow's messages (the API's parameter checks), in the caller's language.
FIELD_MESSAGES = (
    (re.compile(r"^Not a valid integer\.$"), lambda m: _l("Not a valid whole number.")),
    (re.compile(r"^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$"),
     lambda m: _l("Must be from %(low)s to %(high)s.", low=m[1], high=m[2])),
    (re.compile(r"^Must be greater than or equal to (\S+)\.$"),
     lambda m: _l("Must be at least %(low)s.", low=m[1])),
    (re.compile(r"^Must be less than or equal to (\S+)\.$"),
     lambda m: _l("Must be at most %(high)s.", high=m[1])),
    (re.compile(r"^Must be one of: (.*)\.$"), lambda m: _l("Must be one of: %(choices)s.",
                                                          choices=m[1])),
    (re.compile(r"^Longer than maximum length (\S+)\.$"),
     lambda m: _l("At most %(n)s characters.", n=m[1])),
    (re.compile(r"^Unknown field\.$"), lambda m: _l("Unknown parameter.")),
    (re.compile(r"^Unknown region\.$"), lambda m: _l("Unknown region.")),
    (re.compile(r"^Unknown country\.$"), lambda m: _l("Unknown country.")),
    (re.compile(r"^Not a valid string\.$"), lambda m: _l("Not valid text.")),
    (re.compile(r"^Not a valid date\.$"), lambda m: _l("Not a valid date (YYYY-MM-DD).")),
    (re.compile(r"^Missing data for required field\.$"), lambda m: _l("This field is required.")),
)  # fmt: skip


def localized_errors(errors):
    """marshmallow's error structure with every message in the caller's language."""
    if isinstance(errors, dict):
        return {key: localized_errors(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [localized_errors(value) for value in errors]
    if isinstance(errors, str):
        for pattern, message in FIELD_MESSAGES:
            found = pattern.match(errors)
            if found:
                return str(message(found))
    return errors


def is_api_request():
    return request.path.startswith("/api/")


def json_error(code, message=None, errors=None):
    body = {"code": API_CODES.get(code, "error"), "message": str(message or MESSAGES[code][1])}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="KOP Match API"'
    return response


def render_error(code, message=None):
    title, default = MESSAGES.get(code, MESSAGES[400])
    return render_template("error.html", code=code, title=title, message=message or default), code


def register_error_handlers(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        msg = _l("Your form expired or was not sent from this site. Reload the page and try again.")
        return render_error(400, msg)

    @app.errorhandler(HTTPException)
    def http_error(error):
        if is_api_request() and error.code in API_CODES:
            errors = (getattr(error, "data", None) or {}).get("messages")
            return json_error(error.code, errors=localized_errors(errors))
        if error.code in MESSAGES:
            return render_error(error.code)
        return error

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        if is_api_request():
            return json_error(500)
        return render_error(500)
