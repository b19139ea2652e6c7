"""The face of the product: dashboard content and no request to any other host."""

import re

from tests.conftest import DEMO_PASSWORD, project_id_by_title

EXTERNAL = re.compile(r'(?:src|href|action)="(?:https?:)?//', re.I)


def test_dashboard_shows_the_municipality_and_empty_profile(client, member):
    page = client.get("/dashboard").get_data(as_text=True)
    assert "<title>Översikt · KÖP Match</title>" in page
    assert page.count('id="for-us-heading"') == 1
    assert "Malmö stad" in page
    assert "Skåne" in page
    assert "Din kommun har ingen profil ännu." in page
    assert "Inga projekt ännu." in page


def test_pages_load_nothing_from_other_hosts(client, admin):
    for url in ("/login", "/dashboard", "/admin/users", "/reset", "/nowhere"):
        page = client.get(url).get_data(as_text=True)
        assert not EXTERNAL.search(page), url


def test_static_css_is_served(client):
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
        assert b".site-header" in response.data


def test_page_titles_are_plain_text(client, admin, demo):
    import re

    for url in (
        "/dashboard",
        "/projects",
        "/municipalities",
        "/admin/users",
        "/admin/weights",
        "/admin/themes",
        "/admin/stats",
        "/contacts",
        "/for-us",
        "/settings",
    ):
        page = client.get(url).get_data(as_text=True)
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert "<" not in title and title.endswith("· KÖP Match"), url


def test_pages_are_told_apart_for_screen_readers(app, client, auth, demo):
    """WCAG beyond axe: a rank and a score read with their meaning ("1 København 35" was
    all a screen reader said), Swedish text in the Danish interface marked lang="sv", and
    checkbox groups that say they are required and which error is theirs."""

    auth.login("kobenhavn@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert '<h1 lang="sv">Skyfallssäkrade stadsdelar</h1>' in page
    assert 'lang="sv">Skyfallssäkrade stadsdelar</a>' in client.get("/for-us").get_data(
        as_text=True)  # fmt: skip
    auth.logout()
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    suggestions = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
    assert '<span class="rank"><span class="visually-hidden">Placering </span>1</span>' in (
        suggestions)  # fmt: skip
    assert '<span class="visually-hidden"> av 100</span>' in suggestions
    failed = client.post("/projects/new", data={"title": "Ett projekt utan teman"})
    form = failed.get_data(as_text=True)
    assert 'aria-invalid="true" aria-describedby="themes-error"' in form
    assert '<p class="error" id="themes-error">' in form
    assert "(obligatoriskt: välj minst ett)" in form
    assert 'class="flash flash-error error-summary" role="alert" tabindex="-1"' in form
    assert '<a href="#themes">' in form and '<a href="#summary">' in form


def test_every_page_has_security_headers(client):
    headers = client.get("/login").headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
