import re

from app.auth.tokens import make_token
from app.extensions import db
from app.models import Municipality, User


def _link(message):
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://kop\.test(/\S+)", text).group(1)


def _invite(client, email="new@helsingor.example", locale="da"):
    with client.application.app_context():
        helsingor = db.session.execute(
            db.select(Municipality).where(Municipality.code == "217")
        ).scalar_one()
    return client.post(
        "/admin/users",
        data={
            "email": email,
            "name": "Ny Bruger",
            "municipality": helsingor.id,
            "role": "member",
            "locale": locale,
        },
    )


def test_admin_invites_and_the_user_sets_a_password(app, client, admin, outbox, auth):
    response = _invite(client)
    assert response.status_code == 302
    [message] = outbox()
    assert message["To"] == "new@helsingor.example"
    assert message["Subject"] == "Du er inviteret til KÖP Match"
    assert "Helsingør" in message.get_body(("html",)).get_content()
    link = _link(message)
    auth.logout()
    assert client.get(link).status_code == 200
    short = client.post(link, data={"name": "Lone", "password": "short", "confirm": "short"})
    assert short.status_code == 400
    assert b"Brug mindst 10 tegn." in short.data
    done = client.post(
        link, data={"name": "Lone", "password": "a long password", "confirm": "a long password"}
    )
    assert done.status_code == 302
    assert "Helsingør".encode() in client.get("/dashboard").data
    auth.logout()
    assert auth.login("new@helsingor.example", "a long password").status_code == 302
    # The link works once.
    auth.logout()
    assert client.get(link).status_code == 400


def test_invited_user_cannot_log_in_before_accepting(client, admin, auth):
    _invite(client)
    auth.logout()
    assert auth.login("new@helsingor.example", "").status_code == 400


def test_expired_invitation_is_refused(app, client, admin, outbox, auth):
    _invite(client)
    link = _link(outbox()[0])
    auth.logout()
    app.config["INVITATION_MAX_AGE"] = -1
    response = client.get(link)
    assert response.status_code == 400
    assert "Länken gäller inte".encode() in response.data


def test_tampered_token_is_refused(client, admin, outbox):
    _invite(client)
    link = _link(outbox()[0])
    assert client.get(link[:-3] + "xyz").status_code == 400


def test_duplicate_invitation_shows_an_error(client, admin, outbox):
    _invite(client)
    again = _invite(client)
    assert again.status_code == 400
    assert b"Det finns redan ett konto" in again.data
    assert len(outbox()) == 1


def test_invalid_email_is_refused(client, admin, outbox):
    response = _invite(client, email="not-an-address")
    assert response.status_code == 400
    assert outbox() == []


def test_password_reset_flow(app, client, make_user, outbox, auth):
    user_id, email = make_user(locale="sv")
    response = client.post("/reset", data={"email": email})
    assert response.status_code == 302
    [message] = outbox()
    assert message["Subject"] == "Återställ ditt lösenord till KÖP Match"
    link = _link(message)
    assert (
        client.post(
            link, data={"password": "new password!", "confirm": "new password!"}
        ).status_code
        == 302
    )
    assert auth.login(email, "new password!").status_code == 302
    auth.logout()
    assert client.get(link).status_code == 400  # used once
    with app.app_context():
        assert db.session.get(User, user_id).check_password("new password!")


def test_reset_for_unknown_address_sends_nothing_and_says_the_same(client, outbox):
    response = client.post("/reset", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert b"Om det finns ett konto" in response.data
    assert outbox() == []


def test_the_invitation_greets_by_name_resends_and_says_whom_to_ask(app, client, admin, outbox,
                                                                    auth):  # fmt: skip
    """The page greeted by email though the name was known; there was no "resend
    invitation"; an expired link said "ask for a new one" without saying whom."""
    _invite(client)
    [first] = outbox()
    with app.app_context():
        user_id = db.session.execute(
            db.select(User.id).where(User.email == "new@helsingor.example")
        ).scalar_one()
    page = client.post(f"/admin/users/{user_id}", data={"action": "resend"},
                       follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "En ny inbjudan har skickats till new@helsingor.example." in page
    assert len(outbox()) == 2
    auth.logout()
    greeting = client.get(_link(outbox()[1])).get_data(as_text=True)
    assert "Velkommen, Ny Bruger" in greeting or "Välkommen, Ny Bruger" in greeting
    app.config["INVITATION_MAX_AGE"] = -1  # every link has expired now
    expired = client.get(_link(first), headers={"Accept-Language": "sv"})
    assert expired.status_code == 400
    text = expired.get_data(as_text=True)
    assert "admin@kop.example" in text and "som inviterede dig" in text


def test_the_invitation_greets_by_the_typed_name_in_good_danish(app, client, admin, outbox):
    client.post(
        "/admin/users",
        data={
            "email": "nina@gladsaxe.dk",
            "name": "Nina Holm",
            "municipality": 1,
            "role": "member",
            "locale": "da",
        },
    )
    [message] = outbox()
    text = message.get_body(("plain",)).get_content()
    assert "Kære Nina Holm" in text
    assert "Hvis du ikke havde forventet denne e-mail" in text


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
