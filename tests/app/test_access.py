import re

import pytest

from tests.conftest import PASSWORD

ADMIN_PAGES = ["/admin/users"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_members_get_403_on_admin_pages(client, member, url):
    response = client.get(url)
    assert response.status_code == 403
    assert "Du har inte behörighet".encode() in response.data


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_anonymous_users_go_to_login_from_admin_pages(client, url):
    assert client.get(url).headers["Location"].startswith("/login")


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admins_see_admin_pages(client, admin, url):
    assert client.get(url).status_code == 200


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "da"})
    assert response.status_code == 404
    assert b"Siden, du leder efter, findes ikke." in response.data


@pytest.fixture
def csrf_client(make_app):
    return make_app(WTF_CSRF_ENABLED=True).test_client()


def test_post_without_csrf_token_is_refused(csrf_client):
    for url, data in [
        ("/login", {"email": "a@b.example", "password": PASSWORD}),
        ("/reset", {"email": "a@b.example"}),
        ("/language", {"locale": "da"}),
    ]:
        response = csrf_client.post(url, data=data)
        assert response.status_code == 400, url
        assert "Formuläret har gått ut".encode() in response.data


def test_post_with_csrf_token_is_accepted(csrf_client):
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = csrf_client.post(
        "/login", data={"csrf_token": token, "email": "a@b.example", "password": "x"}
    )
    assert response.status_code == 400  # a wrong password, not a refused form
    assert "Fel e-postadress eller lösenord.".encode() in response.data
