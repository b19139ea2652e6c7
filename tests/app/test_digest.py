"""Digests against a real SMTP server on localhost: content, language, headers,
one-click unsubscribe, exactly once on re-runs, retries after a refusal."""

import re
from datetime import datetime, timedelta

import pytest

from app.clock import utcnow
from app.extensions import db
from app.models import (
    Contact,
    DigestDelivery,
    DigestItem,
    Municipality,
    OutgoingMail,
    Project,
    Suggestion,
    User,
)
from tests.conftest import DEMO_PASSWORD, project_id_by_title, user_by_email

NOW = utcnow() + timedelta(minutes=5)


def _run(runner, now=NOW, *extra):
    result = runner.invoke(args=["digest", "send", "--now", now.isoformat(), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def _only_opted_in(app, *emails):
    """Turn digests off for the other demo users, so a test reads only the mail it expects."""
    with app.app_context():
        for user in db.session.execute(db.select(User)).scalars():
            user.digest_frequency = "weekly" if user.email in emails else "off"
        db.session.commit()


def _to(smtp_server, address):
    return [m for rcpt, m in smtp_server.messages if rcpt == [address]]


def test_digest_content_language_and_headers(app, runner, demo, smtp_server):
    _only_opted_in(app, "malmo@kop.example", "kobenhavn@kop.example")
    _run(runner)
    [swedish] = _to(smtp_server, "malmo@kop.example")
    assert swedish["Subject"] == "Nya matchningar på KÖP Match"
    text = swedish.get_body(("plain",)).get_content()
    assert "Nya föreslagna partner för era projekt" in text
    assert "Gladsaxe" in text and "Skyfallssäkrade stadsdelar" in text
    assert re.search(r"http://kop\.test/projects/\d+/suggestions", text)
    html = swedish.get_body(("html",)).get_content()
    assert '<a href="http://kop.test/projects/' in html
    assert swedish["List-Unsubscribe"].strip().startswith("<http://kop.test/unsubscribe/")
    assert swedish["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [danish] = _to(smtp_server, "kobenhavn@kop.example")
    assert danish["Subject"] == "Nye match på KÖP Match"
    assert (
        "Nye projekter på den anden side, der passer til jer"
        in danish.get_body(("plain",)).get_content()
    )


def test_one_click_unsubscribe_works_without_login_or_csrf(app, runner, demo, smtp_server):
    app.config["WTF_CSRF_ENABLED"] = True
    _only_opted_in(app, "malmo@kop.example")
    _run(runner)
    [message] = _to(smtp_server, "malmo@kop.example")
    url = message["List-Unsubscribe"].strip().strip("<>").removeprefix("http://kop.test")
    client = app.test_client()
    assert "Stoppa sammanfattningen" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with app.app_context():
        user = db.session.execute(
            db.select(User).where(User.email == "malmo@kop.example")
        ).scalar_one()
        assert user.digest_frequency == "off"
    assert client.post(url[:-4] + "xxxx").status_code == 404


def test_rerun_sends_nothing_twice_and_nothing_when_nothing_is_new(app, runner, demo, smtp_server):
    _only_opted_in(app, "malmo@kop.example")
    _run(runner)
    assert len(_to(smtp_server, "malmo@kop.example")) == 1
    _run(runner)  # the same moment again: not due
    _run(runner, NOW + timedelta(days=8))  # due again, but nothing is new
    assert len(_to(smtp_server, "malmo@kop.example")) == 1
    with app.app_context():
        keys = db.session.execute(db.select(DigestItem.item_key)).scalars().all()
        assert len(keys) == len(set(keys)) > 0


def test_a_new_contact_comes_in_the_next_digest_once(app, runner, client, auth, demo, smtp_server):
    _only_opted_in(app, "kobenhavn@kop.example")
    _run(runner)
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    client.post(
        f"/projects/{project_id_by_title(app, 'Skyfallssäkrade stadsdelar')}/contacts",
        data={"municipality": "101", "message": "Hej! Vi vill gärna lära av er."},
    )
    later = NOW + timedelta(days=8)
    _run(runner, later)
    _run(runner, later + timedelta(days=8))
    digests = [
        m
        for m in _to(smtp_server, "kobenhavn@kop.example")
        if m["Subject"] == "Nye match på KÖP Match"
    ]
    assert len(digests) == 2
    assert "Kontakter, der venter på jeres svar" in digests[1].get_body(("plain",)).get_content()


def test_refused_then_accepted(app, runner, demo, smtp_server, caplog):
    _only_opted_in(app, "malmo@kop.example")
    smtp_server.refuse = 1
    _run(runner)
    assert _to(smtp_server, "malmo@kop.example") == []
    with app.app_context():
        [delivery] = db.session.execute(db.select(DigestDelivery)).scalars().all()
        # The digest is queued mail like any other: its attempts are the outbox's.
        assert delivery.status == "pending" and delivery.mail.kind == "digest"
        assert (delivery.mail.status, delivery.mail.attempts) == ("pending", 1)
        assert "451" in delivery.mail.last_error
    assert "(digest) failed, attempt 1 of 8" in caplog.text
    _run(runner, NOW + timedelta(seconds=30))  # too soon: it waits for its retry time
    assert _to(smtp_server, "malmo@kop.example") == []
    _run(runner, NOW + timedelta(hours=1))  # the next hourly cron run retries it
    assert len(_to(smtp_server, "malmo@kop.example")) == 1
    with app.app_context():
        [delivery] = db.session.execute(db.select(DigestDelivery)).scalars().all()
        assert (delivery.status, delivery.mail.status, delivery.mail.attempts) == (
            "sent", "sent", 2)  # fmt: skip
        sent_at = delivery.created_at
    assert user_by_email(app, "malmo@kop.example").last_digest_at == sent_at  # period over


def test_gives_up_after_the_limit_and_frees_the_items(app, runner, demo, smtp_server):
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    _only_opted_in(app, "malmo@kop.example")
    smtp_server.refuse = 2
    _run(runner)
    _run(runner, NOW + timedelta(hours=1))
    with app.app_context():
        [delivery] = db.session.execute(db.select(DigestDelivery)).scalars().all()
        assert delivery.status == "failed"
        assert db.session.execute(db.select(DigestItem)).first() is None
        lost = {item["key"] for item in delivery.items}
    # The mail server works again: the next run sends the same items, once.
    _run(runner, NOW + timedelta(hours=2))
    [message] = _to(smtp_server, "malmo@kop.example")
    with app.app_context():
        sent = db.session.execute(
            db.select(DigestDelivery).where(DigestDelivery.status == "sent")
        ).scalar_one()
        assert lost <= {item["key"] for item in sent.items}
    _run(runner, NOW + timedelta(days=8))
    assert len(_to(smtp_server, "malmo@kop.example")) == 1  # nothing twice


def test_a_delivery_left_from_before_the_outbox_is_queued_and_sent_once(app, runner, demo,
                                                                        smtp_server):  # fmt: skip
    """Deliveries the migration left pending, without a message, go out with the next run,
    once, though two runs queue at the same moment."""
    from app.digest.delivery import queue_unqueued

    _only_opted_in(app, "malmo@kop.example")
    _run(runner)
    with app.app_context():
        [sent] = db.session.execute(db.select(DigestDelivery)).scalars().all()
        left = DigestDelivery(user_id=sent.user_id, items=sent.items, created_at=NOW)
        db.session.add(left)
        db.session.commit()
        assert queue_unqueued() == 1
        assert queue_unqueued() == 0  # an overlapping run finds it queued
        assert left.mail.kind == "digest" and left.mail.recipients == ["malmo@kop.example"]
    _run(runner, NOW + timedelta(minutes=1))
    assert len(_to(smtp_server, "malmo@kop.example")) == 2
    with app.app_context():
        statuses = db.session.execute(db.select(DigestDelivery.status)).scalars().all()
        assert statuses == ["sent", "sent"]


def test_an_smtp_outage_over_several_runs_loses_no_item(app, runner, demo, smtp_server):
    """SMTP refuses for five hourly runs, then accepts: every item arrives, exactly once."""
    _only_opted_in(app, "malmo@kop.example", "kobenhavn@kop.example")
    smtp_server.refuse = 10
    for hour in range(5):
        _run(runner, NOW + timedelta(hours=hour))
    assert smtp_server.messages == []
    smtp_server.refuse = 0
    for hour in range(5, 8):
        _run(runner, NOW + timedelta(hours=hour))
    for address in ("malmo@kop.example", "kobenhavn@kop.example"):
        [message] = _to(smtp_server, address)
        assert "KÖP Match" in message["Subject"]
    with app.app_context():
        keys = db.session.execute(db.select(DigestItem.user_id, DigestItem.item_key)).all()
        assert len(keys) == len(set(keys)) > 0


def test_dry_run_writes_and_sends_nothing(app, runner, demo, smtp_server):
    _only_opted_in(app, "malmo@kop.example")
    output = _run(runner, NOW, "--dry-run")
    assert "1 would get an email" in output and "malmo@kop.example" in output
    assert smtp_server.messages == []
    with app.app_context():
        assert db.session.execute(db.select(DigestDelivery)).first() is None


def test_frequency_option_and_bad_time(app, runner, demo, smtp_server):
    _only_opted_in(app, "malmo@kop.example")
    _run(runner, NOW, "--frequency", "daily")
    assert smtp_server.messages == []
    bad = runner.invoke(args=["digest", "send", "--now", "yesterday"])
    assert bad.exit_code != 0 and "ISO" in bad.output


def test_settings_page_changes_frequency(app, client, auth, demo):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    response = client.post("/settings", data={"digest_frequency": "daily", "locale": "da"})
    assert response.status_code == 302
    assert "Dagligt" in client.get("/settings").get_data(as_text=True)
    assert (
        client.post("/settings", data={"digest_frequency": "hourly", "locale": "da"}).status_code
        == 400
    )


@pytest.mark.parametrize("runs", [2])
def test_concurrent_runs_send_each_item_once(app, demo, smtp_server, runs):
    """Two runs at once (threads, each with its own session) still send one digest each."""
    import threading

    from app.digest.services import send_digests

    _only_opted_in(app, "malmo@kop.example", "kobenhavn@kop.example", "helsingborg@kop.example")
    barrier = threading.Barrier(runs)
    errors = []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                send_digests(NOW)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for address in ("malmo@kop.example", "kobenhavn@kop.example", "helsingborg@kop.example"):
        assert len(_to(smtp_server, address)) == 1, address


def test_a_digest_names_each_partner_once_and_nothing_already_in_contact(app, demo):
    """Malmö got København four times with the same reason; Bornholm was offered the project
    it had accepted and marked "we work together" three minutes earlier."""
    from app.digest.content import build_digests
    from app.digest.services import send_digests
    from app.models import Contact

    with app.app_context():
        send_digests(NOW, dry_run=True)  # logs what the engine suggests now
        users = db.session.execute(db.select(User).where(User.email.in_(
            ["malmo@kop.example", "helsingor@kop.example"]))).scalars().all()  # fmt: skip
        before = {d.user.email: d for d in build_digests(users, NOW)}
        offered = [p for p, _ in before["helsingor@kop.example"].projects]
        assert offered, "the demo offers Helsingør Swedish projects"
        project = offered[0]
        helsingor = users[0] if users[0].email.startswith("helsingor") else users[1]
        malmo = users[1] if helsingor is users[0] else users[0]
        db.session.add(Contact(project=project, from_user_id=project.created_by_id,
                               message="Hej Helsingør", status="accepted",
                               to_municipality_id=helsingor.municipality_id))  # fmt: skip
        db.session.commit()
        after = {d.user.email: d for d in build_digests(users, NOW)}
        assert project.id not in [p.id for p, _ in after["helsingor@kop.example"].projects]
        partners = [s.municipality_id for s, _ in after["malmo@kop.example"].suggestions]
        assert partners and len(partners) == len(set(partners))
        malmo_projects = db.session.execute(db.select(db.func.count(Project.id)).where(
            Project.municipality_id == malmo.municipality_id)).scalar_one()  # fmt: skip
        assert malmo_projects >= 2  # several projects, each partner named once


def test_email_settings_and_unsubscribing_are_audited(app, client, auth, demo):
    """The settings page edited and committed the user in the view, with no audit entry."""
    from app.models import AuditEvent

    auth.login("malmo@kop.example", DEMO_PASSWORD)
    response = client.post("/settings", data={"digest_frequency": "daily", "locale": "da"})
    assert response.status_code == 302
    with app.app_context():
        event = db.session.execute(
            db.select(AuditEvent).where(AuditEvent.action == "user.settings")
        ).scalar_one()
        assert event.after == {"digest_frequency": "daily", "locale": "da"}


def test_the_digest_never_suggests_what_is_already_contacted(app, demo):
    """København is in Malmö's digest as a suggestion until Malmö contacts it (the check
    ran over an empty list before: it could not fail)."""
    from app.clock import utcnow
    from app.digest.content import build_digests

    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    with app.app_context():
        copenhagen = db.session.execute(
            db.select(Municipality).where(Municipality.code == "101")
        ).scalar_one()
        db.session.add(
            Suggestion(project_id=project_id, municipality_id=copenhagen.id, score=0.9, rank=1)
        )
        db.session.commit()
        malmo = user_by_email(app, "malmo@kop.example")
        malmo = db.session.get(User, malmo.id)
        now = utcnow() + timedelta(minutes=1)
        [digest] = build_digests([malmo], now)
        assert "101" in [s.municipality.code for s, _ in digest.suggestions]
        db.session.add(
            Contact(
                project_id=project_id,
                from_user_id=malmo.id,
                to_municipality_id=copenhagen.id,
                message="Hej!",
                status="accepted",
            )
        )
        db.session.commit()
        [digest] = build_digests([malmo], now)
        assert "101" not in [s.municipality.code for s, _ in digest.suggestions]


def test_platform_admins_get_no_municipality_mail_nor_digest(app, client, auth, demo):
    from app.digest.content import due_users

    auth.login("kobenhavn@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Sprogcaféer med frivillige")
    client.post(
        f"/projects/{project_id}/contacts",
        data={"municipality": "1280", "message": "Hej Malmö, vi vil gerne lære af jeres caféer."},
    )
    with app.app_context():
        recipients = [
            r for m in db.session.execute(db.select(OutgoingMail)).scalars() for r in m.recipients
        ]
        assert recipients == ["malmo@kop.example"]  # not admin@kop.example, also of Malmö
        assert "admin@kop.example" not in {u.email for u in due_users(datetime(2030, 1, 1))}


def test_the_digest_cli_speaks_plain_english(app, runner, demo):
    result = runner.invoke(args=["digest", "send", "--dry-run", "--now", "2030-01-01T07:00"])
    assert result.exit_code == 0
    assert "1 suggestions" not in result.output and "1 projects" not in result.output


def test_unsubscribe_speaks_the_recipients_language(app, client, demo):
    user = user_by_email(app, "kobenhavn@kop.example")
    page = client.get(
        f"/unsubscribe/{user.digest_token}", headers={"Accept-Language": "sv"}
    ).get_data(as_text=True)
    assert 'lang="da"' in page
