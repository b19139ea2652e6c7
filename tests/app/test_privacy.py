"""GDPR: the privacy page, a user's data as JSON, deleting an account, audit retention."""

import json
from datetime import timedelta

from app.clock import utcnow
from app.extensions import db
from app.models import AuditEvent, Profile, User
from tests.conftest import DEMO_PASSWORD


def test_privacy_page_in_three_languages(client):
    for lang, words in (("sv", "vad KÖP Match sparar om dig"), ("da", "hvad KÖP Match gemmer"),
                        ("en", "what KÖP Match keeps about you")):  # fmt: skip
        page = client.get("/privacy", headers={"Accept-Language": lang}).get_data(as_text=True)
        assert words in page


def test_a_user_downloads_everything_stored_about_them(client, auth, demo):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    response = client.get("/account/data")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "malmo@kop.example"
    assert data["contact_person_of"] == ["Malmö"]
    assert {p["title"] for p in data["projects_created"]} >= {"Skyfallssäkrade stadsdelar"}


def test_deleting_an_account_forgets_the_person_and_keeps_the_municipalitys_work(
    app, client, auth, demo
):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    assert client.post("/account/delete", data={"password": "wrong"}).status_code == 400
    response = client.post("/account/delete", data={"password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 302  # logged out
    with app.app_context():
        assert db.session.execute(
            db.select(User).where(User.email == "malmo@kop.example")
        ).first() is None
        ghost = db.session.execute(
            db.select(User).where(User.email.like("deleted-%@deleted.invalid"))
        ).scalar_one()
        assert ghost.name == "" and not ghost.active and ghost.password_hash is None
        malmo = db.session.execute(db.select(Profile).join(Profile.municipality)).scalars()
        assert all(p.contact_user_id != ghost.id for p in malmo)
        assert db.session.execute(
            db.select(AuditEvent).where(AuditEvent.action == "user.delete")
        ).first()
    # The projects stay with Malmö.
    auth.login("kobenhavn@kop.example", DEMO_PASSWORD)
    assert "Skyfallssäkrade stadsdelar" in client.get("/projects").get_data(as_text=True)


def test_an_admin_exports_and_deletes_for_a_user(app, client, auth, demo):
    auth.login("admin@kop.example", DEMO_PASSWORD)
    with app.app_context():
        target = db.session.execute(
            db.select(User).where(User.email == "roskilde@kop.example")
        ).scalar_one()
        target_id = target.id
    data = json.loads(client.get(f"/admin/users/{target_id}/data").get_data(as_text=True))
    assert data["account"]["email"] == "roskilde@kop.example"
    assert client.post(f"/admin/users/{target_id}", data={"action": "delete"}).status_code == 302
    with app.app_context():
        assert db.session.get(User, target_id).email.startswith("deleted-")


def test_audit_retention_drops_old_copies_and_keeps_who_what_when(app, runner, admin):
    with app.app_context():
        old = AuditEvent(action="profile.update", object_type="profile", object_id=1,
                         before={"description": "gammal"}, after={"description": "ny"},
                         created_at=utcnow() - timedelta(days=800))  # fmt: skip
        new = AuditEvent(action="profile.update", object_type="profile", object_id=1,
                         before={"description": "a"}, after={"description": "b"})  # fmt: skip
        db.session.add_all([old, new])
        db.session.commit()
        old_id, new_id = old.id, new.id
    result = runner.invoke(args=["audit", "prune"])
    assert result.exit_code == 0 and "1 events older than 730 days pruned" in result.output
    with app.app_context():
        old, new = db.session.get(AuditEvent, old_id), db.session.get(AuditEvent, new_id)
        assert old.before is None and old.after is None and old.action == "profile.update"
        assert new.before == {"description": "a"}


def test_deleting_an_account_deletes_its_mail_and_the_export_includes_it(
    app, client, auth, admin
):
    """An invitation (address, name, link) is queued for someone, who then deletes the
    account: no row keeps the address, the name or the link; before that, the person's
    data export lists it."""
    from app.models import OutgoingMail

    client.post("/admin/users", data={"email": "gdpr@malmo.example", "name": "Greta Dahl",
                                      "municipality": _malmo_id(app), "role": "member",
                                      "locale": "sv"})  # fmt: skip
    with app.app_context():
        user = db.session.execute(
            db.select(User).where(User.email == "gdpr@malmo.example")
        ).scalar_one()
        user_id = user.id
        [invitation] = db.session.execute(db.select(OutgoingMail)).scalars().all()
        assert invitation.recipients == ["gdpr@malmo.example"]
    data = json.loads(client.get(f"/admin/users/{user_id}/data").get_data(as_text=True))
    assert [m["subject"] for m in data["emails"]] == [invitation.subject]
    assert client.post(f"/admin/users/{user_id}", data={"action": "delete"}).status_code == 302
    with app.app_context():
        for row in db.session.execute(db.select(OutgoingMail)).scalars():
            text = " ".join([*row.recipients, row.body, row.html or ""])
            assert "gdpr@malmo.example" not in text and "Greta Dahl" not in text
            assert "/invitation/" not in text


def _malmo_id(app):
    from app.models import Municipality

    with app.app_context():
        return db.session.execute(
            db.select(Municipality.id).where(Municipality.code == "1280")
        ).scalar_one()


def test_a_deleted_account_cannot_be_reactivated_or_promoted(app, client, auth, demo):
    """It became "Invited" as deleted-N@deleted.invalid, its municipality no longer counted
    as having no user, and a contact was mailed to that address."""
    from app.models import OutgoingMail

    auth.login("admin@kop.example", DEMO_PASSWORD)
    with app.app_context():
        target_id = db.session.execute(
            db.select(User.id).where(User.email == "roskilde@kop.example")
        ).scalar_one()
    client.post(f"/admin/users/{target_id}", data={"action": "delete"})
    for action in ("activate", "admin"):
        response = client.post(f"/admin/users/{target_id}", data={"action": action},
                               follow_redirects=True)  # fmt: skip
        assert "Kontot har raderats och kan inte användas igen." in response.get_data(
            as_text=True
        )
    with app.app_context():
        ghost = db.session.get(User, target_id)
        assert not ghost.active and ghost.role == "member" and ghost.is_deleted
        assert not any(
            r.endswith(".invalid")
            for m in db.session.execute(db.select(OutgoingMail)).scalars()
            for r in m.recipients
        )


def test_nothing_is_ever_queued_for_an_invalid_address(app):
    from app.outbox.services import queue_email

    with app.test_request_context():
        assert queue_email("deleted-7@deleted.invalid", "Hej", "reset_password",
                           user=None, link="x") is None  # fmt: skip


def test_the_privacy_page_links_to_the_data_export_and_deletion(client, auth, demo):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    page = client.get("/privacy").get_data(as_text=True)
    assert 'href="/account/data"' in page and 'href="/account/delete"' in page
    auth.logout()
    assert "Logga in för att ladda ner dina uppgifter" in client.get("/privacy").get_data(
        as_text=True
    )
