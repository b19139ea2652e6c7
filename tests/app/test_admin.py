"""Admin pages: access, themes, users, audit, stats, settings."""

import pytest

from app.extensions import db
from app.models import AuditEvent, Theme, User

ADMIN_PAGES = [
    "/admin/users",
    "/admin/themes",
    "/admin/themes/new",
    "/admin/weights",
    "/admin/audit",
    "/admin/stats",
    "/admin/settings",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_every_admin_page_refuses_members(client, member, url):
    assert client.get(url).status_code == 403
    assert client.post(url, data={}).status_code in (403, 405)


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_every_admin_page_works_for_admins(client, admin, url):
    assert client.get(url).status_code == 200


def test_create_theme_and_deactivate_it(app, client, admin):
    response = client.post(
        "/admin/themes/new",
        data={
            "code": "school_meals",
            "label_sv": "Skolmat",
            "label_da": "Skolemad",
            "label_en": "School meals",
            "weight": "1,5",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        theme = db.session.execute(
            db.select(Theme).where(Theme.code == "school_meals")
        ).scalar_one()
        assert theme.weight == 1.5 and theme.active
        theme_id = theme.id
    client.post(
        f"/admin/themes/{theme_id}",
        data={"label_sv": "Skolmåltider", "label_da": "Skolemad", "label_en": "School meals"},
    )
    with app.app_context():
        theme = db.session.get(Theme, theme_id)
        assert (theme.label_sv, theme.active) == ("Skolmåltider", False)
        actions = db.session.execute(db.select(AuditEvent.action)).scalars().all()
        assert actions == ["theme.create", "theme.update"]


def test_theme_validation(client, admin):
    bad = client.post(
        "/admin/themes/new",
        data={"code": "Bad Code", "label_sv": "", "label_da": "x", "label_en": "x", "weight": "9"},
    )
    assert bad.status_code == 400
    page = bad.get_data(as_text=True)
    assert "Fältet måste fyllas i." in page and "Välj en vikt från 0 till 3." in page
    dup = client.post(
        "/admin/themes/new",
        data={"code": "culture", "label_sv": "K", "label_da": "K", "label_en": "K", "weight": "1"},
    )
    assert "Det finns redan ett tema med den koden." in dup.get_data(as_text=True)


def test_a_theme_label_of_spaces_is_refused(app, client, admin):
    response = client.post(
        "/admin/themes/new",
        data={"code": "blank", "label_sv": "   ", "label_da": "Øer", "label_en": "Islands",
              "weight": "1"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Fältet måste fyllas i." in response.get_data(as_text=True)
    with app.app_context():
        from app.models import Theme

        assert db.session.execute(db.select(Theme).where(Theme.code == "blank")).first() is None


def test_change_role_and_deactivate(app, client, admin, make_user):
    user_id, email = make_user(email="someone@example.org")
    assert client.post(f"/admin/users/{user_id}", data={"action": "admin"}).status_code == 302
    assert client.post(f"/admin/users/{user_id}", data={"action": "deactivate"}).status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.role, user.active) == ("admin", False)
    assert client.post(f"/admin/users/{user_id}", data={"action": "bogus"}).status_code == 400
    own = client.post(f"/admin/users/{admin[0]}", data={"action": "deactivate"})
    assert own.status_code == 303


def test_municipalities_without_users_are_listed(client, admin):
    page = client.get("/admin/users").get_data(as_text=True)
    assert page.count("Kommuner utan användare (89)") == 1  # only Malmö has the admin


def test_audit_log_filters(app, client, admin, make_user):
    user_id, _ = make_user(email="x@example.org")
    client.post(f"/admin/users/{user_id}", data={"action": "admin"})
    page = client.get("/admin/audit?what=user").get_data(as_text=True)
    # Event names and filter options in the reader's language; before/after as plain text.
    assert "Roll ändrad" in page and "user.role" not in page
    assert '<option value="user" selected>Användare</option>' in page
    assert "<dt>role</dt><dd>member</dd>" in page and "<dt>role</dt><dd>admin</dd>" in page
    assert "Roll ändrad" not in client.get("/admin/audit?what=theme").get_data(as_text=True)
    assert "Roll ändrad" not in client.get("/admin/audit?who=nobody@example.org").get_data(
        as_text=True
    )
    assert "Roll ändrad" not in client.get("/admin/audit?from=2001-01-01&to=2001-01-02").get_data(
        as_text=True
    )
    assert client.get("/admin/audit?from=garbage").status_code == 200


def test_stats_show_charts(client, admin, demo):
    page = client.get("/admin/stats").get_data(as_text=True)
    assert page.count('<svg class="chart"') == 3
    # Demo profiles of municipalities without users lack a contact person: only started.
    assert "Sverige: 4 kompletta och 3 påbörjade av 44 kommuner." in page


def test_the_strong_match_threshold(app, client, admin):
    assert client.post("/admin/settings", data={"suggestion_min_score": "0,3"}).status_code == 302
    from app.settings import get_setting

    with app.app_context():
        assert get_setting("suggestion_min_score") == 0.3
    assert client.post("/admin/settings", data={"suggestion_min_score": "7"}).status_code == 400


def test_suggestions_shown_counts_each_candidate_once_not_each_reload(app, client, auth, demo):
    from app.admin.stats import platform_stats
    from tests.conftest import DEMO_PASSWORD, project_id_by_title

    auth.login("malmo@kop.example", DEMO_PASSWORD)
    url = f"/projects/{project_id_by_title(app, 'Skyfallssäkrade stadsdelar')}/suggestions"
    client.get(url)
    with app.app_context():
        once = sum(platform_stats()["suggestions_per_month"].values())
    for _ in range(3):
        client.get(url)
    with app.app_context():
        assert sum(platform_stats()["suggestions_per_month"].values()) == once > 0
    page = client.get("/admin/stats")
    assert page.status_code == 403  # (a member; the admin page itself is tested above)
