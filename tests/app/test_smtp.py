"""Mail over a real SMTP server on localhost (aiosmtpd)."""

from app.extensions import db
from app.models import Contact, OutgoingMail, User
from tests.conftest import DEMO_PASSWORD, project_id_by_title


def test_reset_email_goes_through_smtp_in_the_users_language(
    smtp_server, client, make_user, outbox
):
    _, address = make_user(email="dansk@example.org", locale="da")
    assert client.post("/reset", data={"email": address}).status_code == 302
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["dansk@example.org"]
    assert message["Subject"] == "Nulstil din adgangskode til KÖP Match"
    assert message.is_multipart()
    assert "Åbn linket" in message.get_body(("plain",)).get_content()
    assert 'href="http://kop.test/reset/' in message.get_body(("html",)).get_content()
    assert outbox() == []  # with a server configured, nothing lands in the outbox


# -- an SMTP server that hangs ----------------------------------------------------------------
def _queue(app, *addresses):
    from app.extensions import db
    from app.outbox.services import queue_email

    with app.app_context():
        for address in addresses:
            queue_email(address, "Hej", "reset_password", locale="sv", user=None,
                        link="http://kop.test/reset/x")  # fmt: skip
        db.session.commit()


def _in_thread(app, target, seconds=20):
    """Run ``target`` in a thread with an app context (a run of `flask mail flush` or
    `flask digest send`); fail, instead of hanging the suite, when it hangs."""
    import threading

    from app.extensions import db

    result = []

    def work():
        with app.app_context():
            try:
                result.append(target())
            except BaseException as error:  # noqa: BLE001 - reported by the test
                result.append(error)
            finally:
                db.session.remove()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "sending hung: SMTP has no timeout"
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


def test_smtp_that_never_answers_fails_after_the_timeout(app, silent_smtp):
    import time

    from app.extensions import db
    from app.models import OutgoingMail
    from app.outbox.services import deliver_due
    from tests.conftest import use_smtp

    _queue(app, "anna@example.org")
    use_smtp(app, silent_smtp.port, timeout=0.5)
    with app.app_context():
        started = time.monotonic()
        assert _in_thread(app, deliver_due) == (0, 0)
        assert time.monotonic() - started < 5
        [row] = db.session.execute(db.select(OutgoingMail)).scalars().all()
        assert (row.status, row.attempts) == ("pending", 1)
        assert "timed out" in row.last_error


def test_a_hanging_smtp_server_never_holds_the_web_request(make_app, make_user, silent_smtp):
    """Mail a request queues is sent by the jobs, not by the web worker after the response."""
    import time

    from app.extensions import db
    from app.models import JobRun, OutgoingMail
    from tests.conftest import use_smtp

    app = make_app("reference", JOBS_MODE="thread")
    use_smtp(app, silent_smtp.port, timeout=1.5)
    with app.app_context():
        from app.models import Municipality, User

        malmo = db.session.execute(
            db.select(Municipality).where(Municipality.code == "1280")
        ).scalar_one()
        db.session.add(User(email="anna@malmo.example", municipality=malmo, role="member"))
        db.session.commit()
    started = time.monotonic()
    response = app.test_client().post("/reset", data={"email": "anna@malmo.example"})
    assert response.status_code == 302
    assert time.monotonic() - started < 1.0  # the request and its close, not the SMTP wait
    with app.app_context():
        for _ in range(100):  # the background job tries, times out and leaves it queued
            db.session.expire_all()
            job = db.session.execute(db.select(JobRun)).scalar_one_or_none()
            if job is not None and job.status == "done":
                break
            time.sleep(0.1)
        assert job.name == "mail.flush" and job.status == "done"
        [row] = db.session.execute(db.select(OutgoingMail)).scalars().all()
        assert (row.status, row.attempts) == ("pending", 1)


def test_mail_and_digests_go_once_when_smtp_hangs_and_runs_overlap(app, runner, demo,
                                                                    smtp_process):  # fmt: skip
    """SMTP frozen; `flask mail flush` and `flask digest send` run, and again after the
    30-minute claim window; SMTP wakes up; the next runs send: every mail arrives once."""
    from datetime import timedelta

    from app.clock import utcnow
    from app.digest.services import send_digests
    from app.extensions import db
    from app.outbox.services import deliver_due
    from tests.conftest import use_smtp

    with app.app_context():
        for user in db.session.execute(db.select(User)).scalars():
            user.digest_frequency = "weekly" if user.email in (
                "malmo@kop.example", "kobenhavn@kop.example") else "off"  # fmt: skip
        db.session.commit()
    _queue(app, "a@example.org", "b@example.org", "c@example.org")
    use_smtp(app, smtp_process.port, timeout=0.5)
    now = utcnow() + timedelta(minutes=5)
    smtp_process.freeze()
    for moment in (now, now + timedelta(minutes=31)):
        _in_thread(app, lambda m=moment: deliver_due(m))
        _in_thread(app, lambda m=moment: send_digests(m))
    smtp_process.thaw()
    later = now + timedelta(hours=3)
    # One outbox: the flush sends the three resets and the two digests the runs queued.
    assert _in_thread(app, lambda: deliver_due(later)) == (5, 0)
    _in_thread(app, lambda: send_digests(later))
    received = sorted(message["To"] for message in smtp_process.messages())
    assert received == ["a@example.org", "b@example.org", "c@example.org",
                        "kobenhavn@kop.example", "malmo@kop.example"]  # fmt: skip


def test_a_run_whose_claim_was_taken_over_sends_nothing(app, smtp_server):
    """A run claims mail and stalls; after the claim window another run takes it over and
    sends it; when the first run goes on, it finds its claim gone and sends nothing."""
    from datetime import timedelta

    from app.clock import utcnow
    from app.extensions import db
    from app.models import OutgoingMail
    from app.outbox.services import claim_due, deliver_due, send_claimed

    _queue(app, "a@example.org", "b@example.org")
    now = utcnow() + timedelta(minutes=1)
    with app.app_context():
        stalled = claim_due(now)
        assert len(stalled[1]) == 2
        assert deliver_due(now + timedelta(minutes=10)) == (0, 0)  # the claim still holds
        assert deliver_due(now + timedelta(minutes=31)) == (2, 0)  # taken over
        assert send_claimed(stalled, now) == (0, 0)
        rows = db.session.execute(db.select(OutgoingMail)).scalars().all()
        assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}
    assert sorted(rcpt[0] for rcpt, _ in smtp_server.messages) == ["a@example.org",
                                                                   "b@example.org"]  # fmt: skip


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
