"""The read API under /api/v1/ (flask-smorest: the OpenAPI document comes from the code).

``init_api`` registers the token API, the public open-data API, the OpenAPI document at
/api/v1/openapi.json, and the pages for people (docs, access tokens). Errors are JSON with
a code and a message (``app.errors``); limits are per token (``app.api.auth``).
"""

import threading

from flask import current_app
from flask_smorest import Api

from app.api.schemas import Error
from app.extensions import csrf, limiter

_LIMITED = set()


def _setting(name):
    return lambda: current_app.config[name]


SECURITY_SCHEMES = {"bearerAuth": {"type": "http", "scheme": "bearer"}}


class ReadApi(Api):
    """flask-smorest's Api without its app-wide JSON error handler (the HTML pages keep
    theirs, and ``app.errors`` answers JSON under /api/, documented as ``Error``), and with
    the OpenAPI document written when it is first read instead of at start: the routes are
    registered at once, their documentation (a third of an app's start-up) waits."""

    ERROR_SCHEMA = Error

    def _register_error_handlers(self):
        pass

    _documenting = threading.Lock()  # the first readers of the document may be threads

    @property
    def spec(self):
        pending = self.__dict__.setdefault("_undocumented", [])
        if pending:
            with self._documenting:
                while pending:
                    blueprint, name, parameters = pending[0]
                    blueprint.register_views_in_doc(
                        self, self._app, self._spec, name=name, parameters=parameters
                    )
                    self._spec.tag({"name": name, "description": blueprint.description})
                    pending.pop(0)
        return self._spec

    @spec.setter
    def spec(self, value):
        self._spec = value

    def register_blueprint(self, blp, *, parameters=None, **options):
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self.__dict__.setdefault("_undocumented", []).append((blp, name, parameters))


def init_api(app):
    from app.api import pages, public, resources
    from app.api.auth import rate_limit_key

    app.config.setdefault("API_TITLE", "KÖP Match API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault(
        "API_SPEC_OPTIONS",
        {
            "info": {
                "description": "Read-only access to KÖP Match for the tools of municipalities "
                "and regional secretariats. Send a personal access token as "
                "'Authorization: Bearer <token>'; /api/v1/public/ needs none."
            },
            "security": [{"bearerAuth": []}],
            "components": {"securitySchemes": SECURITY_SCHEMES},
        },
    )
    api = ReadApi(app)
    app.extensions["kop_api"] = api
    for blueprint, setting in (
        (resources.bp, "API_RATE_LIMIT"),
        (public.bp, "API_PUBLIC_RATE_LIMIT"),
    ):
        # The limiter keeps blueprint limits itself (one per process, not per app).
        if blueprint.name not in _LIMITED:
            limiter.limit(_setting(setting), key_func=rate_limit_key)(blueprint)
            _LIMITED.add(blueprint.name)
        csrf.exempt(blueprint)  # read-only, token or anonymous: no cookies to protect
        api.register_blueprint(blueprint)
    app.register_blueprint(pages.bp)
    return api
