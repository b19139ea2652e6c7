"""Who gets what from /api/v1/: tokens (valid, revoked, expired, of a closed account), the
same answers as the pages, and errors as JSON in the caller's language."""

import json

import pytest

from app.extensions import db
from app.models import Project, User
from tests.api.conftest import ONE_DAY, PEOPLE
from tests.conftest import DEMO_PASSWORD

TOKEN_ENDPOINTS = [
    "/api/v1/municipalities",
    "/api/v1/municipalities/1280",
    "/api/v1/profiles",
    "/api/v1/projects",
    "/api/v1/projects/{project}",
    "/api/v1/projects/{project}/suggestions",
    "/api/v1/for-us",
    "/api/v1/cooperations",
    "/api/v1/themes",
]
# The page each endpoint reads from: the API answers no one the page would refuse.
PAGE_OF = {
    "/api/v1/municipalities": "/municipalities",
    "/api/v1/municipalities/1280": "/municipalities/1280",
    "/api/v1/profiles": "/municipalities",
    "/api/v1/projects": "/projects",
    "/api/v1/projects/{project}": "/projects/{project}",
    "/api/v1/projects/{project}/suggestions": "/projects/{project}/suggestions",
    "/api/v1/for-us": "/for-us",
    "/api/v1/cooperations": "/municipalities/1280",
    "/api/v1/themes": "/projects",
}


@pytest.fixture
def malmo_project(app, demo):
    with app.app_context():
        return db.session.execute(
            db.select(Project.id).where(Project.title == "Skyfallssäkrade stadsdelar")
        ).scalar_one()


def test_every_endpoint_refuses_requests_without_a_valid_token(api, issue, demo, malmo_project):
    bad = {
        "none": (None, "Create one on your settings page"),
        "unknown": ("kop_not-a-real-token", "not valid"),
        "revoked": (issue(PEOPLE["se"], revoked=True), "revoked"),
        "expired": (issue(PEOPLE["se"], expires_in=-ONE_DAY), "expired"),
    }
    for template in TOKEN_ENDPOINTS:
        url = template.format(project=malmo_project)
        for name, (secret, words) in bad.items():
            response = api(url, secret, **{"Accept-Language": "en"})
            assert response.status_code == 401, (url, name)
            assert response.json["code"] == "unauthorized"
            assert words in response.json["message"], (url, name)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_of_a_deactivated_account_stops_working(app, api, tokens):
    assert api("/api/v1/themes", tokens["dk"]).status_code == 200
    with app.app_context():
        user = db.session.execute(
            db.select(User).where(User.email == PEOPLE["dk"])
        ).scalar_one()
        user.active = False
        db.session.commit()
    # Without a valid token there is no account to read a language from: Accept-Language.
    response = api("/api/v1/themes", tokens["dk"], **{"Accept-Language": "da"})
    assert response.status_code == 401
    message = "Kontoen, som denne adgangstoken hører til, er ikke længere aktiv."
    assert response.json["message"] == message


def test_reactivating_an_account_does_not_bring_its_tokens_back(app, client, api, tokens):
    client.post("/login", data={"email": PEOPLE["admin"], "password": DEMO_PASSWORD})
    with app.app_context():
        user_id = db.session.execute(
            db.select(User.id).where(User.email == PEOPLE["dk"])
        ).scalar_one()
    for action in ("deactivate", "activate"):
        response = client.post(f"/admin/users/{user_id}", data={"action": action})
        assert response.status_code == 302
    response = app.test_client().get(
        "/api/v1/themes",
        headers={"Authorization": f"Bearer {tokens['dk']}", "Accept-Language": "da"},
    )
    assert response.status_code == 401
    assert response.json["message"] == "Denne adgangstoken er blevet tilbagekaldt."


def test_no_endpoint_answers_what_the_same_user_cannot_see_on_the_page(
    app, api, tokens, malmo_project
):
    failures = []
    for role, email in PEOPLE.items():
        pages = app.test_client()
        pages.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        for template in TOKEN_ENDPOINTS:
            url = template.format(project=malmo_project)
            page = pages.get(PAGE_OF[template].format(project=malmo_project))
            answer = api(url, tokens[role])
            if (page.status_code == 200) != (answer.status_code == 200):
                failures.append(f"{role} {url}: API {answer.status_code}, page {page.status_code}")
    assert failures == []


def test_suggestions_are_the_page_s_candidates_in_the_page_s_order(
    app, api, tokens, malmo_project
):
    pages = app.test_client()
    pages.post("/login", data={"email": PEOPLE["se"], "password": DEMO_PASSWORD})
    html = pages.get(f"/projects/{malmo_project}/suggestions").get_data(as_text=True)
    items = api(f"/api/v1/projects/{malmo_project}/suggestions", tokens["se"]).json["items"]
    assert len(items) >= 5
    names = [item["municipality"]["name"] for item in items]
    positions = [html.index(f">{name}<") for name in names]
    assert positions == sorted(positions)
    assert [item["rank"] for item in items] == list(range(1, len(items) + 1))
    assert all(item["municipality"]["country"] == "DK" for item in items)
    assert all(item["explanation"] for item in items)
    # Swedish token, Swedish words: the explanation is in the reader's language.
    assert any("teman" in item["explanation"] or "Arbetar" in item["explanation"]
               for item in items)  # fmt: skip
    # Danish members do not see another municipality's suggestions; admins do.
    denied = api(f"/api/v1/projects/{malmo_project}/suggestions", tokens["dk"])
    assert denied.status_code == 403
    message = "Du har ikke adgang til at se eller ændre dette."
    assert denied.json == {"code": "forbidden", "message": message}
    assert api(f"/api/v1/projects/{malmo_project}/suggestions", tokens["admin"]).status_code == 200


def test_no_personal_data_leaves_through_the_api(api, tokens, malmo_project):
    for template in TOKEN_ENDPOINTS:
        body = api(template.format(project=malmo_project), tokens["dk"]).get_data(as_text=True)
        assert "@kop.example" not in body, template


def test_projects_for_us_are_the_pages_projects(app, api, tokens):
    pages = app.test_client()
    pages.post("/login", data={"email": PEOPLE["dk"], "password": DEMO_PASSWORD})
    html = pages.get("/for-us").get_data(as_text=True)
    items = api("/api/v1/for-us", tokens["dk"]).json["items"]
    assert items, "København's demo profile fits some Swedish project"
    for item in items:
        assert item["project"]["country"] == "SE"
        assert f"/projects/{item['project']['id']}" in html


def test_errors_are_json_with_a_code_and_a_message_in_the_users_language(api, tokens):
    missing = api("/api/v1/projects/999999", tokens["dk"])
    assert missing.status_code == 404
    assert missing.json["code"] == "not_found"
    assert missing.json["message"] == "Siden, du leder efter, findes ikke."
    invalid = api("/api/v1/projects?per_page=1000&country=XX", tokens["se"])
    assert invalid.status_code == 422
    assert invalid.json["code"] == "invalid_parameters"
    assert invalid.json["message"] == "Några parametrar är ogiltiga."
    assert set(invalid.json["errors"]["query"]) == {"per_page", "country"}
    danish = api("/api/v1/projects?per_page=1000&country=XX", tokens["dk"])
    assert danish.json["message"] == "Nogle parametre er ugyldige."
    assert danish.json["errors"]["query"]["per_page"] == ["Skal være fra 1 til 100."]
    assert danish.json["errors"]["query"]["country"] == ["Ukendt land."]
    unknown = api("/api/v1/municipalities/9999", tokens["se"])
    assert (unknown.status_code, unknown.json["code"]) == (404, "not_found")
    assert json.loads(api("/api/v1/nowhere", tokens["se"]).data)["code"] == "not_found"
