"""Contacts: the state machine, permissions, emails in the receivers' language."""


import pytest

from app.extensions import db
from app.models import Contact, Municipality, OutgoingMail, User
from tests.conftest import DEMO_PASSWORD, project_id_by_title

SKYFALL = "Skyfallssäkrade stadsdelar"
MESSAGE = "Hej! Vi vill gärna lära av er skybrudsplan. Kan vi ses i vår?"


@pytest.fixture
def sent(app, client, auth, demo, outbox):
    """Malmö contacts København about the skyfall project; returns the contact id."""
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, SKYFALL)
    response = client.post(
        f"/projects/{project_id}/contacts", data={"municipality": "101", "message": MESSAGE}
    )
    assert response.status_code == 302
    auth.logout()
    with app.app_context():
        return db.session.execute(db.select(Contact.id)).scalar_one()


def test_receivers_get_an_email_in_their_language(sent, outbox):
    [message] = outbox()
    assert message["To"] == "kobenhavn@kop.example"
    assert message["Subject"] == "Ny kontakt om “Skyfallssäkrade stadsdelar”"
    body = message.get_body(("plain",)).get_content()
    assert "Malmö vil samarbejde med København" in body and MESSAGE in body
    assert f"http://kop.test/contacts/{sent}" in body


def test_no_second_contact_for_the_same_project_and_municipality(app, client, auth, sent):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, SKYFALL)
    again = client.post(
        f"/projects/{project_id}/contacts",
        data={"municipality": "101", "message": MESSAGE + " Igen."},
    )
    assert again.status_code == 409
    assert "Ni har redan kontaktat den här kommunen om projektet." in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Contact.id))).scalar_one() == 1


def test_too_short_message_is_refused_and_kept(app, client, auth, demo):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, SKYFALL)
    response = client.post(
        f"/projects/{project_id}/contacts", data={"municipality": "101", "message": "Hej då"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Skriv mellan 20 och 3000 tecken." in page and "Hej då" in page


def test_contact_to_own_side_is_refused(app, client, auth, demo):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, SKYFALL)
    response = client.post(
        f"/projects/{project_id}/contacts", data={"municipality": "1283", "message": MESSAGE}
    )
    assert response.status_code == 409


def test_accept_shows_people_and_notifies_both_sides(app, client, auth, sent, outbox):
    from app.index.changes import changes_since, latest_change_id

    with app.app_context():
        before = latest_change_id()
    auth.login("kobenhavn@kop.example", DEMO_PASSWORD)
    page = client.get(f"/contacts/{sent}").get_data(as_text=True)
    assert "malmo@kop.example" not in page  # not before acceptance
    response = client.post(
        f"/contacts/{sent}", data={"decision": "accept", "reply": "Velkommen til København!"}
    )
    assert response.status_code == 302
    page = client.get(f"/contacts/{sent}").get_data(as_text=True)
    assert "malmo@kop.example" in page and "Accepteret" in page
    auth.logout()
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    page = client.get(f"/contacts/{sent}").get_data(as_text=True)
    assert "kobenhavn@kop.example" in page and "Velkommen til København!" in page
    answered = [m for m in outbox() if m["To"] == "malmo@kop.example"]
    assert answered and "accepterades" in answered[0]["Subject"]
    with app.app_context():
        # The activity prior of both sides changed: both municipalities are updated.
        changed = {(kind, key) for _, kind, key in changes_since(before)}
        contact = db.session.get(Contact, sent)
        assert changed == {("municipality", contact.to_municipality_id),
                           ("municipality", contact.project.municipality_id)}  # fmt: skip


def test_only_the_receiving_municipality_answers(app, client, auth, sent):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    assert client.post(f"/contacts/{sent}", data={"decision": "accept"}).status_code == 403
    auth.logout()
    auth.login("roskilde@kop.example", DEMO_PASSWORD)
    assert client.get(f"/contacts/{sent}").status_code == 403
    assert client.post(f"/contacts/{sent}", data={"decision": "accept"}).status_code == 403


def test_no_accept_after_withdraw(app, client, auth, sent):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    assert client.post(f"/contacts/{sent}/withdraw").status_code == 302
    auth.logout()
    auth.login("kobenhavn@kop.example", DEMO_PASSWORD)
    response = client.post(f"/contacts/{sent}", data={"decision": "accept"}, follow_redirects=True)
    assert "Kontakten er allerede besvaret eller trukket tilbage." in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(Contact, sent).status == "withdrawn"


def test_no_withdraw_after_answer_and_no_second_answer(app, client, auth, sent):
    auth.login("kobenhavn@kop.example", DEMO_PASSWORD)
    client.post(f"/contacts/{sent}", data={"decision": "decline"})
    client.post(f"/contacts/{sent}", data={"decision": "accept"})
    auth.logout()
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    client.post(f"/contacts/{sent}/withdraw")
    with app.app_context():
        assert db.session.get(Contact, sent).status == "declined"


def test_inbox_and_suggestions_mark_the_contact(app, client, auth, sent):
    auth.login("kobenhavn@kop.example", DEMO_PASSWORD)
    assert SKYFALL in client.get("/contacts").get_data(as_text=True)
    assert "1 kontakt venter på jeres svar" in client.get("/dashboard").get_data(as_text=True)
    auth.logout()
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    page = client.get(f"/projects/{project_id_by_title(app, SKYFALL)}/suggestions").get_data(
        as_text=True
    )
    assert "Kontaktad (Väntar på svar)" in page


def test_sending_contacts_is_rate_limited(app, client, auth, demo):
    app.config["CONTACT_RATE_LIMIT"] = "2 per minute"
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, SKYFALL)
    codes = [
        client.post(
            f"/projects/{project_id}/contacts", data={"municipality": code, "message": MESSAGE}
        ).status_code
        for code in ("101", "159", "259")
    ]
    assert codes == [302, 302, 429]


def test_a_contact_to_a_municipality_nobody_answers_for_reaches_its_first_member(
    app, client, auth, demo
):
    """Gladsaxe has a profile but no user: the card says so, the admins are asked to reach
    it, and the first Gladsaxe member gets the contact."""
    from app.auth.tokens import make_token

    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    page = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
    assert "Ingen svarar för Gladsaxe på KÖP Match än" in page
    client.post(
        f"/projects/{project_id}/contacts",
        data={"municipality": "159", "message": "Hej Gladsaxe, vi vill lära av er skybrudsplan."},
    )
    with app.app_context():
        to = [m.recipients for m in db.session.execute(db.select(OutgoingMail)).scalars()]
        assert to == [["admin@kop.example"]]
    auth.logout()
    auth.login("admin@kop.example", DEMO_PASSWORD)
    client.post(
        "/admin/users",
        data={"email": "ny@gladsaxe.dk", "name": "Nina", "municipality": _id(app, "159"),
              "role": "member", "locale": "da"},
    )  # fmt: skip
    auth.logout()
    with app.app_context():
        user = db.session.execute(
            db.select(User).where(User.email == "ny@gladsaxe.dk")
        ).scalar_one()
        token = make_token(user, "invite")
    client.post(f"/invitation/{token}", data={"name": "Nina", "password": "et langt kodeord",
                                              "confirm": "et langt kodeord"})  # fmt: skip
    with app.app_context():
        kinds = {
            (m.kind, tuple(m.recipients))
            for m in db.session.execute(db.select(OutgoingMail)).scalars()
        }
        assert ("contact_received", ("ny@gladsaxe.dk",)) in kinds


def _id(app, code):

    with app.app_context():
        return db.session.execute(
            db.select(Municipality.id).where(Municipality.code == code)
        ).scalar_one()


def test_the_same_contact_sent_six_times_at_once_is_one_contact_and_409s(app, auth, demo):
    """Six tabs (or a double click on a slow line) post the same contact together."""
    import threading

    project_id = project_id_by_title(app, SKYFALL)
    clients = []
    for _ in range(6):
        client = app.test_client()
        client.post("/login", data={"email": "malmo@kop.example", "password": DEMO_PASSWORD})
        clients.append(client)
    barrier, statuses = threading.Barrier(6), []

    def post(client):
        barrier.wait()
        response = client.post(
            f"/projects/{project_id}/contacts", data={"municipality": "101", "message": MESSAGE}
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] + [409] * 5
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Contact.id))).scalar_one() == 1


def test_a_contact_that_loses_the_race_to_the_database_is_409(app, client, auth, sent, monkeypatch):
    """The check before the insert saw no contact, the unique index saw one: 409, not 500."""
    from app.matches import contacts

    monkeypatch.setattr(contacts, "already_contacted", lambda project, municipality: False)
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    again = client.post(
        f"/projects/{project_id_by_title(app, SKYFALL)}/contacts",
        data={"municipality": "101", "message": MESSAGE + " Igen."},
    )
    assert again.status_code == 409
    assert "Ni har redan kontaktat den här kommunen om projektet." in again.get_data(as_text=True)


def test_an_invitation_not_yet_accepted_answers_for_nobody(app, client, auth, demo, make_user):
    """Gladsaxe's only account is an invitation: the contact goes the no-user way (to the
    admins), the invitee gets no message text, and the card says nobody answers yet."""

    make_user(email="invited@gladsaxe.dk", municipality="159", password=None)
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, SKYFALL)
    page = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
    assert "Ingen svarar för Gladsaxe på KÖP Match än" in page
    client.post(
        f"/projects/{project_id}/contacts",
        data={"municipality": "159", "message": "Hej Gladsaxe, vi vill lära av er skybrudsplan."},
    )
    with app.app_context():
        to = [m.recipients for m in db.session.execute(db.select(OutgoingMail)).scalars()]
        assert to == [["admin@kop.example"]]


def test_withdrawing_asks_first_tells_the_receivers_and_allows_writing_again(
    app, client, auth, sent, outbox
):
    """Withdraw had no confirmation; the receiver was not told; after withdrawing, that
    municipality could not be contacted again."""
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    page = client.get(f"/contacts/{sent}").get_data(as_text=True)
    assert '<details class="confirm">' in page and "Ja, dra tillbaka den" in page
    assert client.post(f"/contacts/{sent}/withdraw").status_code == 302
    told = outbox()[-1]
    assert told["To"] == "kobenhavn@kop.example"
    assert "har trukket sin kontakt om" in told.get_body(("plain",)).get_content()
    project_id = project_id_by_title(app, SKYFALL)
    again = client.post(f"/projects/{project_id}/contacts",
                        data={"municipality": "101", "message": MESSAGE + " En gång till."})
    assert again.status_code == 302
    with app.app_context():
        [contact] = db.session.execute(db.select(Contact)).scalars().all()
        assert contact.status == "sent" and contact.message.endswith("En gång till.")


def test_a_declined_contact_says_why_no_names_show(app, client, auth, demo):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    client.post(
        f"/projects/{project_id}/contacts",
        data={"municipality": "400", "message": "Hej Bornholm, ska vi samarbeta?"},
    )
    with app.app_context():
        contact_id = db.session.execute(db.select(Contact.id)).scalar_one()
    auth.logout()
    auth.login("bornholm@kop.example", DEMO_PASSWORD)
    client.post(f"/contacts/{contact_id}", data={"decision": "decline"})
    page = client.get(f"/contacts/{contact_id}").get_data(as_text=True)
    assert "Kontakten blev ikke accepteret" in page
    assert "når kontakten er accepteret" not in page


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
