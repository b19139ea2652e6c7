"""Issue 12: accounts that stay closed, no 500 on any input, mail that survives SMTP."""

import re

import pytest

from app.auth.tokens import make_token
from app.extensions import db
from app.models import Contact, OutgoingMail, User
from tests.conftest import DEMO_PASSWORD, PASSWORD, project_id_by_title


def _user(app, email):
    with app.app_context():
        return db.session.execute(db.select(User).where(User.email == email)).scalar_one()


# -- accounts ------------------------------------------------------------------------------
def test_a_deactivated_invitee_cannot_reactivate_with_the_link(app, client, admin):
    client.post(
        "/admin/users",
        data={"email": "x@lund.example", "name": "X", "municipality": 1, "role": "member",
              "locale": "sv"},
    )  # fmt: skip
    with app.app_context():
        user = db.session.execute(
            db.select(User).where(User.email == "x@lund.example")
        ).scalar_one()
        token = make_token(user, "invite")
        user_id = user.id
    client.post(f"/admin/users/{user_id}", data={"action": "deactivate"})
    client.post("/logout")
    response = client.post(
        f"/invitation/{token}",
        data={"name": "X", "password": "long enough 1", "confirm": "long enough 1"},
    )
    assert response.status_code == 400
    with app.app_context():
        user = db.session.get(User, user_id)
        assert not user.active and not user.has_password


def test_sessions_end_on_password_reset_and_on_logout(app, make_user):
    user_id, email = make_user(email="s@malmo.example")
    first, second = app.test_client(), app.test_client()
    for c in (first, second):
        c.post("/login", data={"email": email, "password": PASSWORD, "remember": "y"})
        assert c.get("/dashboard").status_code == 200
    with app.app_context():
        user = db.session.get(User, user_id)
        token = make_token(user, "reset")
    third = app.test_client()
    third.post(
        f"/reset/{token}", data={"password": "a new password 2", "confirm": "a new password 2"}
    )
    # Both old sessions and their remember-me cookies stop working.
    assert first.get("/dashboard").status_code == 302
    assert second.get("/dashboard").status_code == 302
    fresh = app.test_client()
    fresh.post("/login", data={"email": email, "password": "a new password 2"})
    assert fresh.get("/dashboard").status_code == 200
    stolen = app.test_client()
    stolen.set_cookie("session", fresh.get_cookie("session").value)
    assert stolen.get("/dashboard").status_code == 200
    fresh.post("/logout")
    assert stolen.get("/dashboard").status_code == 302  # a copy taken before logout is dead


def test_deactivation_ends_sessions_and_the_contact_person_role(app, client, auth, demo):
    other = app.test_client()
    other.post("/login", data={"email": "bornholm@kop.example", "password": DEMO_PASSWORD})
    assert other.get("/dashboard").status_code == 200
    auth.login("admin@kop.example", DEMO_PASSWORD)
    bornholm = _user(app, "bornholm@kop.example")
    client.post(f"/admin/users/{bornholm.id}", data={"action": "deactivate"})
    assert other.get("/dashboard").status_code == 302
    with app.app_context():
        from app.models import Profile

        assert (
            db.session.execute(
                db.select(Profile.id).where(Profile.contact_user_id == bornholm.id)
            ).first()
            is None
        )


def test_platform_admins_cannot_answer_for_their_municipality(app, client, auth, demo):
    auth.login("bornholm@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Energiø og havvind")
    client.post(
        f"/projects/{project_id}/contacts",
        data={"municipality": "1280", "message": "Hej Malmö, vi vil gerne samarbejde om havvind."},
    )
    auth.logout()
    with app.app_context():
        contact_id = db.session.execute(db.select(Contact.id)).scalar_one()
    auth.login("admin@kop.example", DEMO_PASSWORD)  # an admin attached to Malmö
    assert client.post(f"/contacts/{contact_id}", data={"decision": "accept"}).status_code == 403


def test_unknown_and_known_addresses_do_the_same_hashing_work(app, monkeypatch, make_user):
    import app.auth.services as services

    calls = []
    original = services.check_password_hash
    monkeypatch.setattr(
        services, "check_password_hash", lambda h, p: calls.append(1) or original(h, p)
    )
    client = app.test_client()
    client.post("/login", data={"email": "nobody@nowhere.example", "password": "x"})
    assert calls == [1]


# -- no 500 on any input --------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/projects/2147483648",
        "/projects/99999999999999999999/suggestions",
        "/contacts/9223372036854775808",
        "/admin/themes/2147483648",
        "/projects?theme=99999999999999999999&page=99999999999999999999",
        "/municipalities?theme=-1",
        "/admin/audit?to=9999-12-31&from=0001-01-01&page=2147483648",
        "/projects?endpoint=x&_method=POST&_external=1&page=2",
    ],
)
def test_absurd_ids_and_numbers_are_404_or_ignored(client, admin, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url


def test_a_nul_byte_is_a_clear_400_even_on_login(client):
    response = client.post("/login", data={"email": "a\x00@b.example", "password": "x"})
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
    assert client.get("/projects?q=a%00b").status_code == 400


def test_a_huge_body_is_refused_with_413_in_the_users_language(client, member):
    response = client.post(
        "/municipalities/1280/profile",
        data={"description": "x" * (2 * 1024 * 1024)},
        headers={"Accept-Language": "da"},
    )
    assert response.status_code == 413
    assert "For stor" in response.get_data(as_text=True) or "for stort" in response.get_data(
        as_text=True
    )


def test_pager_links_carry_only_the_filters(app, client, member, demo):
    app.config["PROJECTS_PER_PAGE"] = 2
    page = client.get("/projects?_external=1&endpoint=x&horizon=long").get_data(as_text=True)
    links = re.findall(r'href="(/projects\?[^"]*)"', page)
    assert links and all("_external" not in link and "endpoint" not in link for link in links)


# -- headers ----------------------------------------------------------------------------------
def test_every_page_has_security_headers(client):
    headers = client.get("/login").headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_production_refuses_per_process_rate_limits(tmp_path):
    from app import create_app

    with pytest.raises(RuntimeError, match="KOP_RATELIMIT_STORAGE_URI"):
        create_app(
            test_config={"SECRET_KEY": "x", "PRODUCTION": True, "DATABASE_URL": "postgresql://x/y"}
        )


def test_production_refuses_cookies_that_may_travel_over_http(tmp_path):
    from app import create_app

    settings = {"SECRET_KEY": "x", "PRODUCTION": True, "DATABASE_URL": "postgresql://x/y",
                "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"}  # fmt: skip
    with pytest.raises(RuntimeError, match="KOP_SESSION_COOKIE_SECURE=true"):
        create_app(test_config=settings)
    app = create_app(test_config={**settings, "SESSION_COOKIE_SECURE": True,
                                  "REMEMBER_COOKIE_SECURE": True})  # fmt: skip
    assert app.config["PRODUCTION"]


def test_guesses_from_one_address_are_throttled_per_account(app, make_user):
    app.config["ACCOUNT_RATE_LIMIT"] = "3 per minute"
    _, email = make_user(email="target@malmo.example")
    client = app.test_client()
    statuses = [
        client.post(
            "/login",
            data={"email": email, "password": f"wrong {i}"},
            environ_base={"REMOTE_ADDR": "10.0.0.9"},
        ).status_code
        for i in range(5)
    ]
    assert statuses == [400, 400, 400, 429, 429]


def test_guesses_from_other_addresses_never_lock_the_owner_out(app, make_user):
    """Five wrong passwords from five addresses, then the owner from a sixth: logged in."""
    app.config["ACCOUNT_RATE_LIMIT"] = "3 per minute"
    _, email = make_user(email="target@malmo.example")
    for i in range(5):
        wrong = app.test_client().post(
            "/login",
            data={"email": email, "password": "wrong"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{i}"},
        )
        assert wrong.status_code == 400
    owner = app.test_client().post(
        "/login", data={"email": email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )  # fmt: skip
    assert owner.status_code == 302


def test_logging_in_rightly_does_not_count_as_a_guess(app, make_user):
    app.config["ACCOUNT_RATE_LIMIT"] = "2 per minute"
    _, email = make_user(email="often@malmo.example")
    for _ in range(4):
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302


# -- mail failure after the change is saved ---------------------------------------------------
def test_smtp_down_while_contacting_and_answering_loses_nothing(
    app, client, auth, demo, smtp_server
):
    smtp_server.refuse = 100
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    response = client.post(
        f"/projects/{project_id}/contacts",
        data={"municipality": "400", "message": "Hej Bornholm!\r\nVi vill gärna samarbeta med er."},
    )
    assert response.status_code == 302  # the user sees success
    auth.logout()
    auth.login("bornholm@kop.example", DEMO_PASSWORD)
    with app.app_context():
        contact_id = db.session.execute(db.select(Contact.id)).scalar_one()
    response = client.post(f"/contacts/{contact_id}", data={"decision": "accept"})
    assert response.status_code == 302  # accepting works too, mail or not
    with app.app_context():
        assert db.session.get(Contact, contact_id).status == "accepted"
        queued = db.session.execute(db.select(OutgoingMail)).scalars().all()
        assert {m.kind for m in queued} == {"contact_received", "contact_answered"}
        assert all(m.status == "pending" and m.attempts == 1 for m in queued)
    smtp_server.refuse = 0
    from app.outbox.services import deliver_due

    with app.app_context():
        from datetime import timedelta

        from app.clock import utcnow

        assert deliver_due(utcnow() + timedelta(minutes=2))[0] == len(queued)
    assert any(rcpt == ["bornholm@kop.example"] for rcpt, _ in smtp_server.messages)
    assert any(rcpt == ["malmo@kop.example"] for rcpt, _ in smtp_server.messages)


def test_a_title_with_line_breaks_cannot_break_a_mail_header(app, client, auth, demo, smtp_server):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    with app.app_context():
        from app.models import Project

        db.session.get(Project, project_id).title = "Skyfall\r\nBcc: evil@example.org"
        db.session.commit()
    response = client.post(
        f"/projects/{project_id}/contacts",
        data={"municipality": "400", "message": "Hej Bornholm, vi vill samarbeta om skyfall."},
    )
    assert response.status_code == 302
    [(rcpt, message)] = [(r, m) for r, m in smtp_server.messages if r == ["bornholm@kop.example"]]
    assert "evil@example.org" not in (message["Bcc"] or "")
    assert "\n" not in message["Subject"]


def test_invitation_and_reset_with_smtp_down_answer_normally(app, client, admin, smtp_server):
    smtp_server.refuse = 100
    response = client.post(
        "/admin/users",
        data={"email": "new@lund.example", "name": "Ny", "municipality": 1, "role": "member",
              "locale": "sv"},
    )  # fmt: skip
    assert response.status_code == 302
    client.post("/logout")
    assert client.post("/reset", data={"email": "new@lund.example"}).status_code == 302
    assert client.post("/reset", data={"email": "unknown@lund.example"}).status_code == 302
    with app.app_context():
        kinds = db.session.execute(db.select(OutgoingMail.kind)).scalars().all()
        # The unknown address gets nothing; the invited one a reset link (to set a password).
        assert sorted(kinds) == ["invitation", "reset_password"]
