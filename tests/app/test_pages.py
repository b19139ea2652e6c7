"""The face of the product: dashboard content and no request to any other host."""

import re

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
