"""Shared fixtures: an app on SQLite (or KOP_TEST_DATABASE_URL), a client, a CLI runner,
login helpers and builders that return callables.

The schema is created once per session; each test's ``app`` starts from a snapshot (the
reference data, or the whole demo when the test asks for ``demo``), so a test costs
milliseconds of setup. Passwords are hashed with a cheap method here (``PASSWORD_HASH_METHOD``);
the real method is tested once, in test_login.py.
"""

import email as email_lib
import gc
import os
import pathlib
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from jinja2.bccache import BytecodeCache

from app import create_app
from app.extensions import db
from app.models import Municipality, User
from tests.database import TestDatabase, session_database_url

PASSWORD = "correct horse battery"
DEMO_PASSWORD = "demo password 1"
CHEAP_HASH = "pbkdf2:sha256:1"
ROOT = pathlib.Path(__file__).resolve().parent.parent
_SESSION = {}
TEST_AREA = os.environ.get("KOP_TEST_AREA", "kop")


def pack_count(country=None):
    """How many municipalities the suite's area pack has (in ``country``)."""
    import csv

    from app.area import load_area

    with open(load_area(TEST_AREA).path("municipalities.csv"), encoding="utf-8") as fh:
        return sum(1 for row in csv.DictReader(fh) if country in (None, row["country"]))


def make_test_config(tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": _SESSION.get("url") or session_database_url(tmp_path),
        "WTF_CSRF_ENABLED": False,
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "SERVER_URL": "http://kop.test",
        "RATELIMIT_STORAGE_URI": "memory://",
        "PASSWORD_HASH_METHOD": CHEAP_HASH,
        "DEMO_PASSWORD": DEMO_PASSWORD,
        # The index in the test's own folder; jobs and snapshot swaps at once, in the test.
        "INDEX_DIR": str(tmp_path / "index"),
        "INDEX_PERSIST": False,  # tests/app/test_index.py turns it on
        "JOBS_MODE": "sync",
        "INDEX_CHECK_SECONDS": 0,
        "INDEX_SWAP_IN_THREAD": False,
        "INDEX_FREEZE_OBJECTS": False,  # test_index.py turns it on
        # The area pack the suite runs on: the default, or KOP_TEST_AREA=oks (.ci/run).
        "AREA": TEST_AREA,
    }
    config.update(overrides)
    return config


def _compile_catalogs():
    """Compile the sv/da/en catalogs when a .mo file is missing or older than its .po."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (ROOT / "app" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as fh:
            catalog = read_po(fh)
        with mo.open("wb") as fh:
            write_mo(fh, catalog)


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates shared by the session's apps (each app has its own Jinja env)."""

    def __init__(self):
        self.store = {}

    def load_bytecode(self, bucket):
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = _MemoryBytecodeCache()


@pytest.fixture(scope="session", autouse=True)
def reuse_fitted_matchers():
    """The suite's many apps on the same data fit each matcher once (production keeps no
    such cache: app.matches.services.FIT_CACHE)."""
    from collections import OrderedDict

    from app.matches import services

    services.FIT_CACHE = OrderedDict()
    yield
    services.FIT_CACHE = None


@pytest.fixture(scope="session")
def test_db(tmp_path_factory):
    """The session's database, its schema created once, with snapshots to restore."""
    _compile_catalogs()
    folder = tmp_path_factory.mktemp("db")
    database = TestDatabase(session_database_url(folder))
    _SESSION["url"] = database.url
    builder = create_app(test_config=make_test_config(folder))
    database.build(builder, DEMO_PASSWORD)
    with builder.app_context():
        db.engine.dispose()
    # What lives for the whole session (modules, the snapshots) is left out of the
    # collector's full passes, and young objects are collected less often: a test makes
    # an app and thousands of short-lived rows, and the collector took ~5 s of the run.
    gc.freeze()
    gc.set_threshold(100_000, 50, 50)
    yield database
    _SESSION.pop("url", None)


@pytest.fixture
def make_app(test_db, tmp_path):
    """Build an app on the session database in a given state: ``make_app("demo", **config)``."""
    made = []

    def build(state="reference", **overrides):
        app = create_app(test_config=make_test_config(tmp_path, **overrides))
        _share_engine(app)
        app.jinja_env.bytecode_cache = TEMPLATE_CACHE
        app.test_client_class = ClosingClient
        with app.app_context():
            test_db.restore(state)
        made.append(app)
        return app

    yield build
    for app in made:
        with app.app_context():
            db.session.remove()
            if db.engine not in _ENGINES.values():
                db.engine.dispose()


_ENGINES = {}


def _share_engine(app):
    """The session's apps on one database share one engine (each app would make its own):
    SQLAlchemy compiles each statement once per engine, and a few hundred apps compiled
    the same statements a few hundred times. Production has one app, hence one engine."""
    engines = db._app_engines[app]
    own = engines[None]
    key = own.url.render_as_string(hide_password=False)
    shared = _ENGINES.setdefault(key, own)
    if shared is not own:
        own.dispose()
        engines[None] = shared


@pytest.fixture
def app_config(tmp_path, test_db):
    """Overrides for the test app; a test may update this dict before using ``app``."""
    return make_test_config(tmp_path)


@pytest.fixture
def app(app_config, make_app, request):
    """The app with the reference data, or with the whole demo when the test uses ``demo``."""
    state = "demo" if "demo" in request.fixturenames else "reference"
    return make_app(state, **app_config)


class ClosingClient(FlaskClient):
    """Reads and closes every response, as a real server does (mail queued by a request is
    sent when its response closes)."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Build a user: ``make_user(email=..., municipality="1280", role="member")``.

    An address that the demo already has is taken over with these attributes (the demo
    admin becomes the test's admin, with the test's password)."""
    counter = iter(range(1, 10_000))

    def build(
        email=None,
        municipality="1280",
        role="member",
        password=PASSWORD,
        locale=None,
        name="Test User",
        active=True,
    ):
        with app.app_context():
            m = db.session.execute(
                db.select(Municipality).where(Municipality.code == municipality)
            ).scalar_one()
            email = email or f"user{next(counter)}@example.org"
            user = db.session.execute(
                db.select(User).where(User.email == email)
            ).scalar_one_or_none() or User(email=email)
            user.name, user.municipality, user.role = name, m, role
            user.locale, user.active = locale, active
            user.password_hash = None
            if password:
                user.set_password(password)
            db.session.add(user)
            db.session.commit()
            return user.id, user.email

    return build


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email, password=PASSWORD, next_url=None):
        url = "/login" + (f"?next={next_url}" if next_url else "")
        return self._client.post(url, data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def member(make_user, auth):
    """A logged-in member of Malmö; returns (id, email)."""
    user = make_user(email="member@malmo.example")
    auth.login(user[1])
    return user


@pytest.fixture
def admin(make_user, auth):
    """A logged-in admin; returns (id, email)."""
    user = make_user(email="admin@kop.example", role="admin")
    auth.login(user[1])
    return user


@pytest.fixture
def outbox(app_config):
    """Read the .eml files written to the outbox, oldest first."""

    def read():
        folder = app_config["MAIL_OUTBOX"]
        if not os.path.isdir(folder):
            return []
        messages = []
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as fh:
                messages.append(email_lib.message_from_binary_file(fh, policy=policy.default))
        return messages

    return read


@pytest.fixture
def demo(app):
    """Demo accounts (password DEMO_PASSWORD), profiles and projects: ``app`` starts from
    that snapshot when a test asks for this fixture."""
    return app


def theme_ids(app, *codes):
    """Ids of themes by code, as a form posts them."""
    from app.models import Theme

    with app.app_context():
        return [
            t.id
            for t in db.session.execute(db.select(Theme).where(Theme.code.in_(codes))).scalars()
        ]


def project_id_by_title(app, title):
    from app.models import Project

    with app.app_context():
        return db.session.execute(db.select(Project.id).where(Project.title == title)).scalar_one()


class Collector:
    """Keeps what a local SMTP server accepted; ``refuse`` makes it answer 451 that often."""

    def __init__(self):
        self.messages = []
        self.refuse = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        message = email_lib.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on localhost that the app sends to."""
    from app.extensions import mail

    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    mail.init_app(app)  # Flask-Mail reads its settings when it is bound
    yield handler
    controller.stop()


@pytest.fixture
def redis_process(tmp_path):
    """A Redis of the test's own on a free port; the test may stop and start it."""
    from tests.services import RedisProcess

    server = RedisProcess(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_process(tmp_path):
    """An SMTP server in a process of its own that the test can freeze and thaw."""
    from tests.services import SmtpProcess

    server = SmtpProcess(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def silent_smtp():
    """A port that accepts SMTP connections and never answers."""
    from tests.services import SilentServer

    server = SilentServer()
    yield server
    server.close()


def use_smtp(app, port, timeout=0.5):
    """Point the app's mail at 127.0.0.1:port with a short SMTP timeout."""
    from app.extensions import mail

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=timeout)
    mail.init_app(app)


def user_by_email(app, email):
    """The user with this address (read in the app's context)."""
    with app.app_context():
        return db.session.execute(db.select(User).where(User.email == email)).scalar_one()

