"""Configuration classes.

Values here are safe defaults for one machine with no services. ``instance/config.py``
and ``KOP_*`` environment variables override them (``KOP_DATABASE_URL``,
``KOP_MAIL_SERVER``, ``KOP_RATELIMIT_STORAGE_URI`` …); see README.md. Nothing here
reads the environment at import time: ``create_app`` does that.
"""


class Config:
    SECRET_KEY = None  # written to instance/config.py by `make run`, or KOP_SECRET_KEY
    # Filled in by create_app from DATABASE_URL, else SQLite in the instance folder.
    DATABASE_URL = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # The area pack (app/data/areas/<AREA>; KOP_AREA in the environment): countries,
    # regions, municipalities, crossings and history. The UI languages are the pack's with
    # a catalog, then English.
    AREA = "kop"  # KOP_AREA=oks
    LANGUAGES = None  # filled in by create_app from the pack
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"

    # Without MAIL_SERVER, mail is written as .eml files to MAIL_OUTBOX (instance/outbox).
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "KÖP Match <noreply@kop-match.local>"
    MAIL_OUTBOX = None
    MAIL_SUPPRESS_SEND = False  # tests talk to a real SMTP server on localhost
    MAIL_TIMEOUT = 30  # seconds for each step of an SMTP conversation (connect, each command)

    # Links in emails need an absolute address; set it to the public URL in production.
    SERVER_URL = "http://127.0.0.1:5000"

    RATELIMIT_STORAGE_URI = "memory://"
    # When the shared store (Redis) is down, count in this process's memory instead of
    # refusing every limited request, and look for the store again with a backoff; a store
    # that hangs costs at most a second.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    RESET_RATE_LIMIT = "5 per minute;20 per hour"
    CONTACT_RATE_LIMIT = "10 per minute;30 per hour"
    # Wrong passwords per account and address; reset requests per account.
    ACCOUNT_RATE_LIMIT = "5 per minute;20 per hour"
    # Behind a reverse proxy: how many proxies to trust for X-Forwarded-For/-Proto (0: none).
    PROXY_COUNT = 0
    # KOP_PRODUCTION=true: refuse to start with settings that only suit one process.
    PRODUCTION = False

    # The read API: requests per token (or per address without one), and per page.
    API_RATE_LIMIT = "120 per minute;5000 per hour"
    API_PUBLIC_RATE_LIMIT = "60 per minute;1000 per hour"

    # The fitted index (app/index): where snapshots live (default instance/index), how often
    # a worker looks for a newer one, and how many updates pile up before a background refit.
    INDEX_DIR = None
    INDEX_PERSIST = True  # off: each process fits its own (the tests, except their own)
    INDEX_CHECK_SECONDS = 2.0
    INDEX_REFIT_AFTER_UPDATES = 2000
    INDEX_SWAP_IN_THREAD = True
    # A serving process takes its engine's objects out of the garbage collector's full
    # passes once it is loaded (app/index/memory.py): off in the tests, whose many apps come
    # and go in one process.
    INDEX_FREEZE_OBJECTS = True

    # Background jobs (app/jobs): with REDIS_URL, RQ on Redis (`flask jobs worker`);
    # without, the same jobs run in a thread of the web process.
    REDIS_URL = None
    JOBS_QUEUE = "kop"
    JOBS_MODE = None  # None: "rq" with REDIS_URL, else "thread"; "sync" runs at once
    JOB_RETRIES = (10, 60, 300)  # seconds before each retry of a failed job
    # A running job writes a heartbeat this often; one silent for 4 beats (at least a
    # minute) was abandoned by a killed worker and is retried.
    JOB_HEARTBEAT_SECONDS = 15

    INVITATION_MAX_AGE = 7 * 24 * 3600
    RESET_MAX_AGE = 2 * 3600
    PASSWORD_MIN_LENGTH = 10
    # werkzeug's method; the tests use a cheap one (the real one is tested once).
    PASSWORD_HASH_METHOD = "scrypt"

    SESSION_COOKIE_SECURE = False  # KOP_SESSION_COOKIE_SECURE=true behind HTTPS
    FORCE_HTTPS = False  # KOP_FORCE_HTTPS=true redirects http to https (else the proxy does)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    MAX_CONTENT_LENGTH = 1024 * 1024  # 1 MB: a longer request body is refused with 413
    MAX_FORM_MEMORY_SIZE = 1024 * 1024

    PROJECTS_PER_PAGE = 20
    MAIL_MAX_ATTEMPTS = 8  # all mail, digests too: 1, 5, 30 minutes, then every two hours
    DEMO_PASSWORD = "demo-kop-2026"

