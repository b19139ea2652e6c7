"""Shared fixtures: an app on SQLite (or KOP_TEST_DATABASE_URL), a client, a CLI runner,
login helpers and builders that return callables."""

import email as email_lib
import os
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from app import create_app
from app.extensions import db
from app.models import Municipality, User
from app.reference import seed_reference_data

PASSWORD = "correct horse battery"


def database_url(tmp_path):
    """PostgreSQL when KOP_TEST_DATABASE_URL is set, else a fresh SQLite file."""
    return os.environ.get("KOP_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite'}"


def make_test_config(tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url(tmp_path),
        "WTF_CSRF_ENABLED": False,
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "SERVER_URL": "http://kop.test",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(overrides)
    return config


@pytest.fixture
def app_config(tmp_path):
    """Overrides for the test app; a test may update this dict before using ``app``."""
    return make_test_config(tmp_path)


@pytest.fixture
def app(app_config):
    app = create_app(test_config=app_config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_reference_data()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Build a user: ``make_user(email=..., municipality="1280", role="member")``."""
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
            user = User(
                email=email or f"user{next(counter)}@example.org",
                name=name,
                municipality=m,
                role=role,
                locale=locale,
                active=active,
            )
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
    """Demo accounts (password DEMO_PASSWORD) and demo profiles and projects."""
    from app.demo.content import create_demo_content
    from app.demo.users import create_demo_users

    with app.app_context():
        create_demo_users(DEMO_PASSWORD)
        create_demo_content()


DEMO_PASSWORD = "demo password 1"


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
