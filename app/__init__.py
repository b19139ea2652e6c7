"""KÖP Match: the Flask application factory."""

import os

from flask import Flask

from config import Config


def create_app(config_class=Config, test_config=None):
    """Build the app: config, extensions, blueprints, error pages and CLI.

    The features are imported here, as in the Flask tutorial's factory, not at the top:
    importing ``app`` (``config``, a model, the CLI) must not import every blueprint, and
    each feature may then import ``app.extensions`` and the models freely. These are the
    only imports inside functions besides optional services (rq, redis, openpyxl,
    wordfreq: imported where used, so that an installation without them still starts).
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("KOP")
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    _finish_config(app)
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)

    from app import extensions as ext

    ext.db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            _sqlite_unicode_lower(ext.db.engine)
    ext.migrate.init_app(
        app, ext.db, directory=os.path.normpath(os.path.join(app.root_path, "..", "migrations"))
    )
    ext.login_manager.init_app(app)
    ext.csrf.init_app(app)
    ext.mail.init_app(app)
    ext.limiter.init_app(app)
    ext.talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=True,  # sent only over HTTPS
        content_security_policy=ext.CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
    )

    from app.requests import register_input_rules

    register_input_rules(app)

    from app.i18n import init_i18n

    init_i18n(app)

    from app.choices import register_template_helpers

    register_template_helpers(app)

    from app.matches.presentation import register as register_match_helpers

    register_match_helpers(app)

    from app import models  # noqa: F401  (registers the models with the metadata)
    from app.admin import bp as admin_bp
    from app.auth import bp as auth_bp
    from app.digest import bp as digest_bp
    from app.history import bp as history_bp
    from app.main import bp as main_bp
    from app.matches import bp as matches_bp
    from app.outbox import bp as outbox_bp
    from app.profiles import bp as profiles_bp
    from app.projects import bp as projects_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(profiles_bp)
    app.register_blueprint(projects_bp)
    app.register_blueprint(matches_bp)
    app.register_blueprint(digest_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(history_bp, url_prefix="/admin/history")
    app.register_blueprint(outbox_bp, url_prefix="/admin/mail")

    from app.index import bp as index_bp
    from app.index.changes import register as record_index_changes
    from app.jobs import bp as jobs_bp

    app.register_blueprint(index_bp)
    app.register_blueprint(jobs_bp, url_prefix="/admin/jobs")
    record_index_changes()

    from app.exports import bp as exports_bp

    app.register_blueprint(exports_bp)

    from app.api import init_api

    init_api(app)

    from app.errors import register_error_handlers

    register_error_handlers(app)
    return app


def _finish_config(app):
    """Derive settings that depend on other settings or on the instance folder."""
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY is not set: `make run` writes one to instance/config.py; "
            "in production set KOP_SECRET_KEY."
        )
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = "sqlite:///" + os.path.join(app.instance_path, "kop.sqlite")
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    if app.config.get("PRODUCTION"):
        if str(app.config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory"):
            raise RuntimeError(
                "KOP_PRODUCTION is set but rate limits live in memory: with several workers "
                "each counts on its own. Set KOP_RATELIMIT_STORAGE_URI=redis://…"
            )
        if url.startswith("sqlite"):
            raise RuntimeError("KOP_PRODUCTION is set but the database is SQLite: set "
                               "KOP_DATABASE_URL=postgresql://…")  # fmt: skip
        insecure = [k for k in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE")
                    if not app.config.get(k)]  # fmt: skip
        if insecure:
            raise RuntimeError(
                "KOP_PRODUCTION is set but cookies may travel over plain HTTP: set "
                + " and ".join(f"KOP_{k}=true" for k in insecure)
            )
    if not app.config.get("MAIL_OUTBOX"):
        app.config["MAIL_OUTBOX"] = os.path.join(app.instance_path, "outbox")
    from app.area import load_area

    area = load_area(app.config["AREA"])  # AreaError names the packs there are
    catalogs = os.path.join(app.root_path, "translations")
    languages = [lang for lang in area.languages
                 if os.path.isdir(os.path.join(catalogs, lang))]  # fmt: skip
    app.config["LANGUAGES"] = tuple(dict.fromkeys([*languages, "en"]))
    if app.config["BABEL_DEFAULT_LOCALE"] not in app.config["LANGUAGES"]:
        app.config["BABEL_DEFAULT_LOCALE"] = app.config["LANGUAGES"][0]


def _sqlite_unicode_lower(engine):
    """SQLite's lower() folds ASCII only: use Python's, so that search finds "Öresund".
    And turn foreign keys on (SQLite leaves them off), so ON DELETE rules hold there too."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def register(dbapi_connection, _record):
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _lower(value):
    return value.lower() if isinstance(value, str) else value
