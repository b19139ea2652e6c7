"""Every route × anonymous, a Swedish member, a Danish member and an admin × its methods.

The routes come from ``app.url_map``: a new route without an expectation here fails. The
Swedish member is Malmö (owner of the project and sender of the contact used below), the
Danish member is København (receiver of that contact). POSTs carry no form data: what is
checked is who gets in, not what a valid form does.
"""

import pytest

from app.extensions import db
from app.models import ApiToken, Contact, Cooperation, Project, User
from tests.conftest import DEMO_PASSWORD

ROLES = {"anon": None, "se": "malmo@kop.example", "dk": "kobenhavn@kop.example",
         "admin": "admin@kop.example"}  # fmt: skip
LOGIN = 302  # anonymous visitors are sent to the login page


def every(status):
    return dict.fromkeys(ROLES, status)


def logged_in(status, anon=LOGIN):
    return {"anon": anon, "se": status, "dk": status, "admin": status}


def admin_only(status):
    return {"anon": LOGIN, "se": 403, "dk": 403, "admin": status}


# (rule, method) → expected status per role
EXPECTED = {
    ("/", "GET"): every(302),
    ("/static/<path:filename>", "GET"): every(200),
    ("/login", "GET"): {"anon": 200, "se": 302, "dk": 302, "admin": 302},
    ("/login", "POST"): {"anon": 400, "se": 302, "dk": 302, "admin": 302},
    ("/logout", "POST"): logged_in(302),
    ("/language", "POST"): every(400),
    ("/privacy", "GET"): every(200),
    ("/invitation/<token>", "GET"): every(400),
    ("/invitation/<token>", "POST"): every(400),
    ("/reset", "GET"): every(200),
    ("/reset", "POST"): every(400),
    ("/reset/<token>", "GET"): every(400),
    ("/reset/<token>", "POST"): every(400),
    ("/unsubscribe/<token>", "GET"): every(404),
    ("/unsubscribe/<token>", "POST"): every(404),
    ("/dashboard", "GET"): logged_in(200),
    ("/settings", "GET"): logged_in(200),
    ("/settings", "POST"): logged_in(302),  # an empty post keeps the saved settings
    ("/account/data", "GET"): logged_in(200),
    ("/account/delete", "GET"): logged_in(200),
    ("/account/delete", "POST"): logged_in(400),
    ("/municipalities", "GET"): logged_in(200),
    ("/municipalities/<code>", "GET"): logged_in(200),
    ("/municipalities/<code>/profile", "GET"): {"anon": LOGIN, "se": 200, "dk": 403, "admin": 200},
    ("/municipalities/<code>/profile", "POST"): {
        "anon": LOGIN,
        "se": 400,
        "dk": 403,
        "admin": 400,
    },  # fmt: skip
    ("/projects", "GET"): logged_in(200),
    ("/projects/new", "GET"): logged_in(200),
    ("/projects/new", "POST"): logged_in(400),
    ("/projects/<int:project_id>", "GET"): logged_in(200),
    ("/projects/<int:project_id>/edit", "GET"): {
        "anon": LOGIN,
        "se": 200,
        "dk": 403,
        "admin": 200,
    },  # fmt: skip
    ("/projects/<int:project_id>/edit", "POST"): {
        "anon": LOGIN,
        "se": 400,
        "dk": 403,
        "admin": 400,
    },  # fmt: skip
    ("/projects/<int:project_id>/<any(close, reopen, extend):action>", "POST"): {
        "anon": LOGIN,
        "se": 302,
        "dk": 403,
        "admin": 302,
    },  # fmt: skip
    ("/projects/<int:project_id>/suggestions", "GET"): {
        "anon": LOGIN,
        "se": 200,
        "dk": 403,
        "admin": 200,
    },  # fmt: skip
    ("/projects/<int:project_id>/contacts", "POST"): {
        "anon": LOGIN,
        "se": 400,
        "dk": 403,
        "admin": 400,
    },  # fmt: skip
    ("/projects/<int:project_id>/dismiss", "POST"): {
        "anon": LOGIN,
        "se": 400,
        "dk": 403,
        "admin": 400,
    },  # fmt: skip
    ("/projects/<int:project_id>/dismiss/undo", "POST"): {
        "anon": LOGIN,
        "se": 400,
        "dk": 403,
        "admin": 400,
    },  # fmt: skip
    ("/for-us", "GET"): logged_in(200),
    ("/contacts", "GET"): logged_in(200),
    ("/contacts/<int:contact_id>", "GET"): {"anon": LOGIN, "se": 200, "dk": 200, "admin": 200},
    # Only the receiving municipality answers (an empty form: 400 for it, 403 for others).
    ("/contacts/<int:contact_id>", "POST"): {"anon": LOGIN, "se": 403, "dk": 400, "admin": 403},
    # The admin of this demo is attached to Malmö and may act for its projects as support;
    # by the time the admin tries, Malmö has withdrawn the contact: "not possible now".
    ("/contacts/<int:contact_id>/withdraw", "POST"): {
        "anon": LOGIN,
        "se": 302,
        "dk": 403,
        "admin": 303,
    },  # fmt: skip
    ("/contacts/<int:contact_id>/working-together", "POST"): {
        "anon": LOGIN,
        "se": 303,
        "dk": 303,
        "admin": 403,
    },  # fmt: skip
    ("/admin/users", "GET"): admin_only(200),
    ("/admin/users", "POST"): admin_only(400),
    ("/admin/users/<int:user_id>", "POST"): admin_only(400),
    ("/admin/users/<int:user_id>/data", "GET"): admin_only(200),
    ("/admin/themes", "GET"): admin_only(200),
    ("/admin/themes/new", "GET"): admin_only(200),
    ("/admin/themes/new", "POST"): admin_only(400),
    ("/admin/themes/<int:theme_id>", "GET"): admin_only(200),
    ("/admin/themes/<int:theme_id>", "POST"): admin_only(400),
    ("/admin/weights", "GET"): admin_only(200),
    ("/admin/weights", "POST"): admin_only(400),
    ("/admin/weights/<int:version>/activate", "POST"): admin_only(404),
    ("/admin/audit", "GET"): admin_only(200),
    ("/admin/stats", "GET"): admin_only(200),
    ("/admin/settings", "GET"): admin_only(200),
    ("/admin/settings", "POST"): admin_only(400),
    ("/admin/mail/", "GET"): admin_only(200),
    ("/admin/history/", "GET"): admin_only(200),
    ("/admin/history/new", "GET"): admin_only(200),
    ("/admin/history/new", "POST"): admin_only(400),
    ("/admin/history/<int:cooperation_id>", "GET"): admin_only(200),
    ("/admin/history/<int:cooperation_id>", "POST"): admin_only(400),
    ("/admin/history/<int:cooperation_id>/delete", "POST"): admin_only(302),
    ("/admin/jobs/", "GET"): admin_only(200),
    ("/admin/jobs/", "POST"): admin_only(302),  # queues a refit
    # Exports answer exactly as the page they come from.
    ("/projects/<int:project_id>/suggestions/export.<any(csv, xlsx):fmt>", "GET"): {
        "anon": LOGIN,
        "se": 200,
        "dk": 403,
        "admin": 200,
    },  # fmt: skip
    ("/contacts/export.<any(csv, xlsx):fmt>", "GET"): logged_in(200),
    ("/projects/export.<any(csv, xlsx):fmt>", "GET"): logged_in(200),
    ("/municipalities/export.<any(csv, xlsx):fmt>", "GET"): logged_in(200),
    ("/admin/stats/export.<any(csv, xlsx):fmt>", "GET"): admin_only(200),
    ("/admin/history/export.<any(csv, xlsx):fmt>", "GET"): admin_only(200),
    ("/open-data/", "GET"): every(200),
    ("/open-data/<any(municipalities, themes, cooperations):name>.<any(csv, xlsx):fmt>", "GET"): (
        every(200)
    ),
    ("/open-data/SOURCES.md", "GET"): every(200),
    ("/open-data/kop-match-open-data.zip", "GET"): every(200),
    # The API: a session cookie is not a token (401 for everyone); open data and docs for all.
    ("/api/v1/openapi.json", "GET"): every(200),
    ("/api/v1/docs", "GET"): every(200),
    ("/api/v1/municipalities", "GET"): every(401),
    ("/api/v1/municipalities/<code>", "GET"): every(401),
    ("/api/v1/profiles", "GET"): every(401),
    ("/api/v1/projects", "GET"): every(401),
    ("/api/v1/projects/<int(max=2147483647):project_id>", "GET"): every(401),
    ("/api/v1/projects/<int(max=2147483647):project_id>/suggestions", "GET"): every(401),
    ("/api/v1/for-us", "GET"): every(401),
    ("/api/v1/cooperations", "GET"): every(401),
    ("/api/v1/themes", "GET"): every(401),
    ("/api/v1/public/municipalities", "GET"): every(200),
    ("/api/v1/public/themes", "GET"): every(200),
    ("/api/v1/public/cooperations", "GET"): every(200),
    ("/settings/tokens", "GET"): logged_in(200),
    ("/settings/tokens", "POST"): logged_in(400),  # a token needs a name
    # Only the token's owner (the Swedish member here) may revoke it; admins cannot.
    ("/settings/tokens/<int(max=2147483647):token_id>/revoke", "POST"): {
        "anon": LOGIN,
        "se": 302,
        "dk": 403,
        "admin": 403,
    },  # fmt: skip
}


@pytest.fixture
def values(app, demo):
    """Concrete values for the rules' arguments."""
    with app.app_context():
        project = db.session.execute(
            db.select(Project).where(Project.title == "Skyfallssäkrade stadsdelar")
        ).scalar_one()
        sender = db.session.execute(
            db.select(User).where(User.email == "malmo@kop.example")
        ).scalar_one()
        contact = Contact(project_id=project.id, from_user_id=sender.id,
                          to_municipality_id=db.session.execute(
                              db.select(User.municipality_id).where(
                                  User.email == "kobenhavn@kop.example")).scalar_one(),
                          message="Hej København, ska vi samarbeta?", status="sent")  # fmt: skip
        db.session.add(contact)
        token, _secret = ApiToken.issue(sender, "matrix")
        db.session.add(token)
        db.session.commit()
        other = db.session.execute(
            db.select(User).where(User.email == "roskilde@kop.example")
        ).scalar_one()
        return {
            "project_id": project.id,
            "contact_id": contact.id,
            "code": "1280",
            "user_id": other.id,
            "theme_id": 1,
            "version": 1,
            "cooperation_id": db.session.execute(db.select(Cooperation.id)).scalars().first(),
            "token": "not-a-token",
            "filename": "css/app.css",
            "action": "extend",
            "fmt": "csv",
            "name": "themes",
            "token_id": token.id,
        }


def _url(rule, values):
    url = rule.rule
    for name in rule.arguments:
        converter = rule._converters[name]  # noqa: SLF001 - the rule's own placeholder
        placeholder = next(p for p in url.split("<")[1:] if p.split(">")[0].endswith(name))
        url = url.replace("<" + placeholder.split(">")[0] + ">", str(values[name]))
        assert converter
    return url


def test_every_route_has_an_expectation(app):
    rules = {(r.rule, m) for r in app.url_map.iter_rules() for m in r.methods - {"HEAD", "OPTIONS"}}
    assert rules - set(EXPECTED) == set(), "add the new routes to EXPECTED"
    assert set(EXPECTED) - rules == set(), "remove expectations of routes that are gone"


def test_who_gets_what_on_every_route(app, values):
    app.config.update(LOGIN_RATE_LIMIT="10000 per minute", ACCOUNT_RATE_LIMIT="10000 per minute")
    failures = []
    rules = sorted(app.url_map.iter_rules(), key=lambda r: ("delete" in r.rule, r.rule))
    clients = {}

    def client_of(role):
        """One logged-in client per role, made again after a request that may end the
        session (logging out, the language switch, deleting)."""
        if role not in clients:
            clients[role] = app.test_client()
            if ROLES[role]:
                clients[role].post("/login", data={"email": ROLES[role],
                                                   "password": DEMO_PASSWORD})  # fmt: skip
        return clients[role]

    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            url = _url(rule, values)
            for role in ROLES:
                response = client_of(role).open(url, method=method, data={})
                if method == "POST":
                    clients.pop(role)
                expected = EXPECTED[(rule.rule, method)][role]
                if response.status_code != expected:
                    failures.append(f"{method} {url} as {role}: {response.status_code}, "
                                    f"expected {expected}")  # fmt: skip
    assert failures == [], "\n".join(failures)
