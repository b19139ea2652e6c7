from app.extensions import db
from app.models import User


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
