"""Fuzzing every form and query string with hypothesis: no input gives a 5xx.

Bounded here (``FUZZ_EXAMPLES`` per target, a few hundred inputs in all, seconds); a longer
run: ``KOP_FUZZ_EXAMPLES=2000 pytest tests/app/test_fuzz.py``.
"""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import Project
from tests.conftest import DEMO_PASSWORD

FUZZ_EXAMPLES = int(os.environ.get("KOP_FUZZ_EXAMPLES", "10"))

# What a hostile or clumsy client sends: any text (NUL, CR/LF, emoji, RTL marks), huge
# numbers, dates out of range, lists where one value is expected.
VALUES = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "0", "-1", "9999-12-31", "0000-00-00", "\x00", "a\r\nb", "%00",
                     "1e309", "NaN", "ÅÄÖ æøå", "<script>", "../../etc", "2147483648"]),
)  # fmt: skip
FIELDS = st.dictionaries(
    st.sampled_from(["email", "password", "q", "region", "theme", "page", "country", "form",
                     "horizon", "title", "summary", "needs", "offers", "themes", "description",
                     "cooperation_form", "wished_regions", "expires_at", "message", "municipality",
                     "reason", "decision", "reply", "locale", "next", "digest_frequency", "who",
                     "what", "from", "to", "c_profile", "t_culture", "note", "action", "code",
                     "label_sv", "weight", "members", "start_year", "source_url"]),
    VALUES,
    max_size=6,
)  # fmt: skip
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _project_id(app):
    with app.app_context():
        return db.session.execute(
            db.select(Project.id).where(Project.title == "Skyfallssäkrade stadsdelar")
        ).scalar_one()


def _check(client, method, url, data, seen):
    if method == "GET":
        response = client.get(url, query_string=data)
    else:
        response = client.post(url, data=data)
    assert response.status_code < 500, (method, url, data)
    seen["tried"] += 1
    if not (response.status_code == 302 and "/login" in response.headers.get("Location", "")):
        seen["reached"] += 1  # the view itself answered (not the login wall)


def _logged_in(app, email):
    app.config.update(LOGIN_RATE_LIMIT="100000 per minute", ACCOUNT_RATE_LIMIT="100000 per minute",
                      CONTACT_RATE_LIMIT="100000 per minute")  # fmt: skip
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and "/dashboard" in response.headers["Location"]
    return client


def _fuzz(client, targets):
    """Every target with FUZZ_EXAMPLES inputs; returns what was tried and reached."""
    seen = {"tried": 0, "reached": 0}

    @FUZZ
    @given(data=FIELDS)
    def run(data):
        for method, url in targets:
            _check(client, method, url, data, seen)

    run()
    # A fuzz run that tried nothing, or only met the login wall, proves nothing.
    assert seen["tried"] >= len(targets) * min(FUZZ_EXAMPLES, 5)
    assert seen["reached"] >= seen["tried"] * 0.9
    return seen


def test_anonymous_forms_never_fail(app, demo):
    client = app.test_client()
    app.config.update(LOGIN_RATE_LIMIT="100000 per minute", ACCOUNT_RATE_LIMIT="100000 per minute",
                      RESET_RATE_LIMIT="100000 per minute")  # fmt: skip
    _fuzz(client, [("POST", "/login"), ("POST", "/reset"), ("POST", "/language"),
                   ("GET", "/login"), ("GET", "/privacy")])  # fmt: skip


def test_member_forms_and_filters_never_fail(app, demo):
    client = _logged_in(app, "malmo@kop.example")
    project = _project_id(app)
    _fuzz(client, [
        ("GET", "/projects"),
        ("GET", "/municipalities"),
        ("GET", f"/projects/{project}/suggestions"),
        ("POST", "/projects/new"),
        ("POST", f"/projects/{project}/edit"),
        ("POST", f"/projects/{project}/contacts"),
        ("POST", f"/projects/{project}/dismiss"),
        ("POST", "/municipalities/1280/profile"),
        ("POST", "/settings"),
    ])  # fmt: skip


def test_admin_forms_and_filters_never_fail(app, demo):
    client = _logged_in(app, "admin@kop.example")
    _fuzz(client, [
        ("GET", "/admin/audit"),
        ("POST", "/admin/users"),
        ("POST", "/admin/themes/new"),
        ("POST", "/admin/weights"),
        ("POST", "/admin/settings"),
        ("POST", "/admin/history/new"),
        ("GET", "/admin/history/"),
    ])  # fmt: skip
