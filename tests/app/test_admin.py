"""Admin pages: access, themes, users, audit, stats, settings."""

import re
from datetime import date

import pytest

from app.extensions import db
from app.models import (
    AuditEvent,
    Theme,
    User,
)
from tests.conftest import pack_count

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
            "label_nb": "Skolemat",
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
        data={"label_sv": "Skolmåltider", "label_da": "Skolemad", "label_nb": "Skolemat",
              "label_en": "School meals"},
    )
    with app.app_context():
        theme = db.session.get(Theme, theme_id)
        assert (theme.label("sv"), theme.active) == ("Skolmåltider", False)
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
        data={"code": "culture", "label_sv": "K", "label_da": "K", "label_nb": "K", "label_en": "K",
              "weight": "1"},
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
    # Only Malmö has the admin.
    assert page.count(f"Kommuner utan användare ({pack_count() - 1})") == 1


def test_audit_log_filters(app, client, admin, make_user):
    user_id, _ = make_user(email="x@example.org")
    client.post(f"/admin/users/{user_id}", data={"action": "admin"})
    page = client.get("/admin/audit?what=user").get_data(as_text=True)
    # Event names and filter options in the reader's language; before/after as plain text.
    assert "Roll ändrad" in page and "user.role" not in page
    assert '<option value="user" selected>Användare</option>' in page
    assert "<dt>Roll</dt><dd>Medlem</dd>" in page and "<dt>Roll</dt><dd>Administratör</dd>" in page
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
    assert f"Sverige: 4 kompletta och 3 påbörjade av {pack_count('SE')} kommuner." in page


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


def test_an_admin_s_dashboard_is_the_platform_not_a_member_s(app, client, auth, demo):
    """The admin saw Malmö's dashboard and "1 contact waits for your answer" with no way to
    answer; now the platform, with the contacts nobody can answer."""
    from tests.conftest import DEMO_PASSWORD, project_id_by_title

    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    client.post(f"/projects/{project_id}/contacts",
                data={"municipality": "159", "message": "Hej Gladsaxe, vi vill lära av er."})
    auth.logout()
    auth.login("admin@kop.example", DEMO_PASSWORD)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Plattformen" in page and "väntar på ert svar" not in page
    assert "1 kontakt till en kommun som ingen svarar för" in page and "Gladsaxe" in page


def test_the_audit_log_speaks_the_reader_s_language(app, client, auth, demo):
    """Keys and values were raw ("to 1280, project_id 15", "cooperation_form network"),
    times UTC ISO with microseconds, English dates "12/5/26"."""
    import re

    from tests.conftest import DEMO_PASSWORD, project_id_by_title

    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    client.post(f"/projects/{project_id}/contacts",
                data={"municipality": "101", "message": "Hej! Vi vill lära av er skybrudsplan."})
    auth.logout()
    auth.login("admin@kop.example", DEMO_PASSWORD)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "<dt>Till</dt><dd>København</dd>" in page
    assert "<dt>Projekt</dt><dd>Skyfallssäkrade stadsdelar</dd>" in page
    assert re.search(r"<td>\d{1,2} [a-zé]+\.? 20\d\d \d\d:\d\d</td>", page)
    client.post("/language", data={"locale": "en"})
    english = client.get("/admin/audit").get_data(as_text=True)
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2}\b", english)
    assert re.search(r"<td>\d{1,2} [A-Z][a-z]{2} 20\d\d \d\d:\d\d</td>", english)


def test_stats_charts_have_short_month_labels_and_a_table_of_their_numbers(client, admin,
                                                                           demo):  # fmt: skip
    """Month labels ("dec. 2026" twelve times) overlapped into a strip, and the values were
    only inside the SVG (WCAG 1.1.1)."""
    import re

    page = client.get("/admin/stats").get_data(as_text=True)
    ticks = re.findall(r'<text class="axis"[^>]*>([^<]+)</text>', page)
    months = [t for t in ticks if t not in ("Sverige", "Danmark")]  # the countries' chart
    assert months and max(len(t) for t in months) <= 5, ticks  # "dec." over "2026"
    assert page.count('<table class="table chart-table">') == 3
    assert "<th scope=\"row\">dec. 2026</th>" in page or re.search(
        r'<th scope="row">[a-zé]+\.? 20\d\d</th>', page)  # fmt: skip


def test_the_theme_page_is_headed_by_its_label(app, client, admin):
    with app.app_context():
        theme_id = db.session.execute(db.select(Theme.id).where(Theme.code == "nature")).scalar()
    page = client.get(f"/admin/themes/{theme_id}").get_data(as_text=True)
    assert re.search(r"<h1>Natur och miljö", page)


def test_stats_months_read_as_months(app, client, admin):
    page = client.get("/admin/stats").get_data(as_text=True)
    month = date.today().strftime("%Y")
    assert month in page and re.search(r">\w+\.? \d{4}<", page)
