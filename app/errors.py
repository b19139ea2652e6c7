"""Error pages in the user's language: a clear message and the right 4xx, never a bare 500."""

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to see or change this.")),
    404: (_l("Not found"), _l("The page you asked for does not exist.")),
    405: (_l("Not allowed"), _l("This action is not possible here.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a moment and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. It has been logged.")),
}


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
        if error.code in MESSAGES:
            return render_error(error.code)
        return error

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_error(500)
