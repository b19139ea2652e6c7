"""Issue 11's defects, each as a user would notice it."""

import re
from datetime import date, datetime, timedelta

from app.extensions import db
from app.models import Contact, Municipality, OutgoingMail, Project, Suggestion, Theme, User
from tests.conftest import DEMO_PASSWORD, project_id_by_title


def _user(app, email):
    with app.app_context():
        return db.session.execute(db.select(User).where(User.email == email)).scalar_one()


def test_expiry_shows_the_chosen_date(app, client, auth, demo):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    with app.app_context():
        db.session.get(Project, project_id).expires_at = datetime(2027, 11, 29, 23, 59, 59)
        db.session.commit()
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "29 nov. 2027" in page and "30 nov. 2027" not in page


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
        malmo = _user(app, "malmo@kop.example")
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


def test_the_theme_page_is_headed_by_its_label(app, client, admin):
    with app.app_context():
        theme_id = db.session.execute(db.select(Theme.id).where(Theme.code == "nature")).scalar()
    page = client.get(f"/admin/themes/{theme_id}").get_data(as_text=True)
    assert re.search(r"<h1>Natur och miljö", page)


def test_the_digest_cli_speaks_plain_english(app, runner, demo):
    result = runner.invoke(args=["digest", "send", "--dry-run", "--now", "2030-01-01T07:00"])
    assert result.exit_code == 0
    assert "1 suggestions" not in result.output and "1 projects" not in result.output


def test_map_markers_never_hide_each_other(app):
    from app.matches.map import MARKER_GAP, render_map

    with app.app_context():
        rows = {m.code: m for m in db.session.execute(db.select(Municipality)).scalars()}
        svg = str(render_map(rows["1280"], [rows["147"], rows["101"], rows["185"]], "map"))
    centres = [
        (float(x), float(y))
        for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="15"', svg)
    ]
    assert len(centres) == 4
    for i, (x1, y1) in enumerate(centres):
        for x2, y2 in centres[i + 1 :]:
            assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= (MARKER_GAP - 0.5) ** 2


def test_unsubscribe_speaks_the_recipients_language(app, client, demo):
    user = _user(app, "kobenhavn@kop.example")
    page = client.get(
        f"/unsubscribe/{user.digest_token}", headers={"Accept-Language": "sv"}
    ).get_data(as_text=True)
    assert 'lang="da"' in page


def test_stats_months_read_as_months(app, client, admin):
    page = client.get("/admin/stats").get_data(as_text=True)
    month = date.today().strftime("%Y")
    assert month in page and re.search(r">\w+\.? \d{4}<", page)
