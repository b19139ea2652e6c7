"""API fixtures: personal access tokens for the demo's people, and a JSON client."""

from datetime import timedelta

import pytest

from app.clock import utcnow
from app.extensions import db
from app.models import ApiToken, User

PEOPLE = {"se": "malmo@kop.example", "dk": "kobenhavn@kop.example", "admin": "admin@kop.example"}


@pytest.fixture
def issue(app):
    """``issue(email, expires_in=None, revoked=False)`` → the secret of a new token."""

    def build(email, expires_in=None, revoked=False):
        with app.app_context():
            user = db.session.execute(db.select(User).where(User.email == email)).scalar_one()
            token, secret = ApiToken.issue(user, "test", expires_in)
            if revoked:
                token.revoked_at = utcnow()
            db.session.add(token)
            db.session.commit()
            return secret

    return build


@pytest.fixture
def tokens(demo, issue):
    """A valid token of the Swedish member (Malmö), the Danish member (København) and the
    admin."""
    return {role: issue(email) for role, email in PEOPLE.items()}


@pytest.fixture
def api(client):
    """``api(url, token=None, **headers)`` → the response (JSON is in ``.json``)."""

    def get(url, token=None, **headers):
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return client.get(url, headers=headers)

    return get


ONE_DAY = timedelta(days=1)
