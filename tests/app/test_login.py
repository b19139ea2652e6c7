

from app.auth.tokens import make_token
from app.extensions import db
from app.models import User
from tests.conftest import DEMO_PASSWORD, PASSWORD, user_by_email


def test_login_page_renders(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b'name="password"' in response.data


def test_login_and_dashboard(client, auth, make_user):
    _, email = make_user(email="officer@malmo.example")
    response = auth.login(email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "Malmö".encode() in page.data


def test_wrong_password_is_a_clear_400(client, auth, make_user):
    _, email = make_user()
    response = auth.login(email, "wrong password")
    assert response.status_code == 400
    assert "Fel e-postadress eller lösenord.".encode() in response.data
    assert client.get("/dashboard").status_code == 302


def test_deactivated_user_cannot_log_in(auth, make_user):
    _, email = make_user(active=False)
    assert auth.login(email).status_code == 400


def test_email_is_case_insensitive(auth, make_user):
    make_user(email="case@example.org")
    assert auth.login("  Case@Example.ORG ").status_code == 302


def test_next_only_redirects_within_the_site(auth, make_user):
    _, email = make_user()
    assert auth.login(email, next_url="/admin/users").headers["Location"] == "/admin/users"


def test_next_to_another_host_is_ignored(client, auth, make_user):
    _, email = make_user()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        client.post("/logout")
        response = auth.login(email, next_url=target)
        assert response.headers["Location"] == "/dashboard", target


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/dashboard")


def test_logout_is_a_post(client, auth, member):
    assert client.get("/logout").status_code == 405
    assert auth.logout().status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_passwords_are_hashed(app, make_user):
    user_id, _ = make_user(password="a secret password")
    with app.app_context():
        user = db.session.get(User, user_id)
        assert "a secret password" not in user.password_hash
        assert user.check_password("a secret password")
        assert not user.check_password("another password")


def test_login_is_rate_limited(app, client, make_user):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    _, email = make_user()
    codes = [
        client.post("/login", data={"email": email, "password": "nope"}).status_code
        for _ in range(4)
    ]
    assert codes == [400, 400, 400, 429]
    page = client.post("/login", data={"email": email, "password": "nope"})
    assert "För många försök".encode() in page.data


def test_passwords_are_hashed_with_scrypt_outside_the_tests(make_app):
    """The suite hashes cheaply; the app's own setting is scrypt, and it is what runs."""
    from app.extensions import db
    from app.models import Municipality, User
    from config import Config

    assert Config.PASSWORD_HASH_METHOD == "scrypt"
    app = make_app(PASSWORD_HASH_METHOD=Config.PASSWORD_HASH_METHOD)
    with app.app_context():
        user = User(email="real@hash.example", municipality=db.session.get(Municipality, 1))
        user.set_password("a long secret")
        assert user.password_hash.startswith("scrypt:")
        assert user.check_password("a long secret") and not user.check_password("other")


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
    bornholm = user_by_email(app, "bornholm@kop.example")
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
