from datetime import date, datetime, timedelta

from app.clock import utcnow
from app.extensions import db
from app.models import (
    AuditEvent,
    Project,
)
from tests.conftest import DEMO_PASSWORD, project_id_by_title, theme_ids


def project_data(app, **overrides):
    data = {
        "title": "Skyfallssäkrad stadskärna",
        "summary": "Vi vill skydda stadskärnan mot skyfall och översvämning när regnen ökar.",
        "needs": "Vi söker danska erfarenheter av skybrudsplaner.",
        "offers": "Vi delar våra lösningar för dagvatten.",
        "themes": theme_ids(app, "climate_adaptation"),
        "cooperation_form": "joint_project",
        "horizon": "long",
        "wished_regions": ["Hovedstaden"],
        "expires_at": (date.today() + timedelta(days=200)).isoformat(),
    }
    data.update(overrides)
    return data


def _create(app, client, **overrides):
    response = client.post("/projects/new", data=project_data(app, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_new_project_form_defaults_to_twelve_months(client, member):
    page = client.get("/projects/new").get_data(as_text=True)
    assert (date.today() + timedelta(days=365)).isoformat() in page


def test_member_posts_a_project_for_their_municipality(app, client, member):
    project_id = _create(app, client)
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "Skyfallssäkrad stadskärna" in page and "Malmö" in page
    assert "Gemensamt utvecklingsprojekt" in page
    with app.app_context():
        project = db.session.get(Project, project_id)
        assert project.municipality.code == "1280" and project.is_open
        assert db.session.execute(db.select(AuditEvent.action)).scalar_one() == "project.create"


def test_project_validation(app, client, member):
    cases = [
        ({"title": "Kort"}, "Skriv mellan 5 och 200 tecken."),
        ({"themes": []}, "Välj minst ett alternativ."),
        ({"expires_at": "2001-01-01"}, "Välj ett datum i framtiden."),
        ({"expires_at": "not a date"}, "Ange ett giltigt datum (ÅÅÅÅ-MM-DD)."),
        ({"wished_regions": ["Skåne"]}, "Välj regioner på andra sidan gränsen."),
    ]
    for overrides, message in cases:
        response = client.post("/projects/new", data=project_data(app, **overrides))
        assert response.status_code == 400, overrides
        assert message in response.get_data(as_text=True), overrides
    with app.app_context():
        assert db.session.execute(db.select(Project)).first() is None


def test_text_made_only_of_spaces_is_refused_not_stored_empty(app, client, member):
    spaces = " " * 40
    for name in ("title", "summary", "needs", "offers"):
        response = client.post("/projects/new", data=project_data(app, **{name: spaces}))
        assert response.status_code == 400, name
        assert "Fältet måste fyllas i." in response.get_data(as_text=True), name
    with app.app_context():
        assert db.session.execute(db.select(Project)).first() is None


def test_only_the_owner_municipality_manages_a_project(app, client, member, auth, make_user):
    project_id = _create(app, client)
    auth.logout()
    _, other = make_user(municipality="101")
    auth.login(other)
    assert client.get(f"/projects/{project_id}").status_code == 200
    assert client.get(f"/projects/{project_id}/edit").status_code == 403
    assert client.post(f"/projects/{project_id}/close").status_code == 403


def test_edit_close_reopen_and_extend(app, client, member):
    project_id = _create(app, client)
    response = client.post(
        f"/projects/{project_id}/edit", data=project_data(app, title="Skyfall och regnvatten")
    )
    assert response.status_code == 302
    client.post(f"/projects/{project_id}/close")
    assert "Skyfall och regnvatten" not in client.get("/projects").get_data(as_text=True)
    client.post(f"/projects/{project_id}/reopen")
    assert "Skyfall och regnvatten" in client.get("/projects").get_data(as_text=True)
    with app.app_context():
        expiry = db.session.get(Project, project_id).expires_at.date()
    client.post(f"/projects/{project_id}/extend")
    with app.app_context():
        project = db.session.get(Project, project_id)
        # Twelve months from its expiry, not from today (31 Jan 2027 → 31 Jan 2028).
        assert project.expires_at.date() == expiry.replace(year=expiry.year + 1)
        actions = db.session.execute(db.select(AuditEvent.action).order_by(AuditEvent.id))
        assert list(actions.scalars()) == [
            "project.create",
            "project.update",
            "project.close",
            "project.reopen",
            "project.extend",
        ]


def test_expired_projects_leave_the_open_list_by_themselves(app, client, member):
    project_id = _create(app, client)
    with app.app_context():
        project = db.session.get(Project, project_id)
        project.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert "Skyfallssäkrad stadskärna" not in client.get("/projects").get_data(as_text=True)
    assert "Utgånget" in client.get(f"/projects/{project_id}").get_data(as_text=True)


def test_unknown_project_is_404(client, member):
    assert client.get("/projects/999").status_code == 404
    assert client.get("/projects/999/edit").status_code == 404


def test_expiry_shows_the_chosen_date(app, client, auth, demo):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    with app.app_context():
        db.session.get(Project, project_id).expires_at = datetime(2027, 11, 29, 23, 59, 59)
        db.session.commit()
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "29 nov. 2027" in page and "30 nov. 2027" not in page
