"""What the API gives: pages of lists, ETags, per-token limits, the public open data, and
the token page (shown once, stored hashed, revoked, audited)."""

import re

from app.extensions import db
from app.models import ApiToken, AuditEvent, Cooperation, Municipality, User
from app.models.tokens import hash_token
from tests.conftest import DEMO_PASSWORD, pack_count


def test_pages_cover_the_whole_list_once(api, tokens):
    codes, page, pages = [], 1, None
    while pages is None or page <= pages:
        body = api(f"/api/v1/municipalities?per_page=7&page={page}", tokens["se"]).json
        assert body["per_page"] == 7 and body["page"] == page
        pages = body["pages"]
        codes += [m["code"] for m in body["items"]]
        page += 1
    assert body["total"] == pack_count() and pages == -(-pack_count() // 7)
    assert len(codes) == len(set(codes)) == pack_count()
    beyond = api(f"/api/v1/municipalities?per_page=7&page={pages + 1}", tokens["se"]).json
    assert beyond["items"] == [] and beyond["total"] == pack_count()


def test_filters_are_the_project_list_s_filters(api, tokens):
    danish = api("/api/v1/projects?country=DK&per_page=100", tokens["se"]).json["items"]
    assert danish and {p["country"] for p in danish} == {"DK"}
    energy = api("/api/v1/projects?theme=climate_energy&per_page=100", tokens["se"]).json["items"]
    assert energy and all("climate_energy" in p["themes"] for p in energy)
    assert api("/api/v1/projects?theme=no-such-theme", tokens["se"]).json["total"] == 0


def test_etag_gives_304_until_the_data_changes(app, api, tokens):
    first = api("/api/v1/municipalities/265", tokens["dk"])
    etag = first.headers["ETag"]
    again = api("/api/v1/municipalities/265", tokens["dk"], **{"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    with app.app_context():
        roskilde = db.session.execute(
            db.select(Municipality).where(Municipality.code == "265")
        ).scalar_one()
        roskilde.profile.needs += " Og cykelsuperstier."
        db.session.commit()
    changed = api("/api/v1/municipalities/265", tokens["dk"], **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.json["profile"]["needs"].endswith("cykelsuperstier.")
    assert changed.headers["ETag"] != etag


def test_rate_limits_count_per_token(app, api, tokens):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert api("/api/v1/themes", tokens["se"]).status_code == 200
    limited = api("/api/v1/themes", tokens["se"])
    assert limited.status_code == 429
    assert limited.json["code"] == "rate_limited"
    # Another token (another tool) is not held back by the first one's use.
    assert api("/api/v1/themes", tokens["dk"]).status_code == 200


def test_made_up_tokens_share_the_limit_of_their_address(app, api, tokens):
    """A made-up token gets no bucket of its own: public reads with invented tokens, and
    guesses at tokens, are limited by address."""
    app.config["API_PUBLIC_RATE_LIMIT"] = "3 per minute"
    app.config["API_RATE_LIMIT"] = "3 per minute"
    public = [api("/api/v1/public/themes", f"kop_made_up_{i}").status_code for i in range(4)]
    assert public == [200, 200, 200, 429]
    guesses = [api("/api/v1/themes", f"kop_guess_{i}").status_code for i in range(4)]
    assert guesses == [401, 401, 401, 429]
    assert api("/api/v1/themes", tokens["se"]).status_code == 200  # a valid token: its own


def test_public_data_needs_no_token_and_carries_its_attribution(app, api, demo):
    municipalities = api("/api/v1/public/municipalities?per_page=100").json
    assert municipalities["total"] == pack_count()
    assert any("GeoNames" in line for line in municipalities["attribution"])
    assert {"code", "name", "lat", "lon", "population"} <= set(municipalities["items"][0])
    themes = api("/api/v1/public/themes").json["items"]
    assert all(t["label_sv"] and t["label_da"] and t["label_en"] for t in themes)
    with app.app_context():
        imported = db.session.execute(
            db.select(db.func.count()).where(Cooperation.origin == "imported")
        ).scalar_one()
        platform = Cooperation(source_id="platform:test", title="Vores fælles projekt",
                               origin="platform")  # fmt: skip
        db.session.add(platform)
        db.session.commit()
    cooperations = api("/api/v1/public/cooperations?per_page=100").json
    assert cooperations["total"] == imported > 0
    assert "Vores fælles projekt" not in str(cooperations)
    assert all(c["source_url"].startswith("http") for c in cooperations["items"])


def test_a_token_is_shown_once_stored_hashed_and_revocable(app, client, auth, tokens, api):
    auth.login("kobenhavn@kop.example", "demo password 1")
    page = client.post("/settings/tokens", data={"name": "Regnearket", "expires": "30"})
    assert page.status_code == 201
    secret = re.search(r"kop_[A-Za-z0-9_-]{40,}", page.get_data(as_text=True)).group(0)
    assert secret not in client.get("/settings/tokens").get_data(as_text=True)
    assert api("/api/v1/themes", secret).status_code == 200
    with app.app_context():
        token = db.session.execute(
            db.select(ApiToken).where(ApiToken.name == "Regnearket")
        ).scalar_one()
        assert token.token_hash == hash_token(secret) and secret not in str(vars(token))
        assert token.last_used_at is not None
        assert (token.expires_at - token.created_at).days == 30
        token_id = token.id
    response = client.post(f"/settings/tokens/{token_id}/revoke")
    assert response.status_code == 302
    assert api("/api/v1/themes", secret).status_code == 401
    with app.app_context():
        actions = db.session.execute(
            db.select(AuditEvent.action).where(AuditEvent.object_id == token_id,
                                               AuditEvent.object_type == "apitoken")
        ).scalars().all()  # fmt: skip
    assert actions == ["token.create", "token.revoke"]


def test_a_token_without_a_name_is_refused_in_the_users_language(client, auth, demo):
    auth.login("kobenhavn@kop.example", "demo password 1")
    page = client.post("/settings/tokens", data={"name": "  ", "expires": "30"})
    assert page.status_code == 400
    assert "Giv din token et navn." in page.get_data(as_text=True)


def test_deleting_an_account_deletes_its_tokens(app, client, auth, tokens, api):
    with app.app_context():
        user_id = db.session.execute(
            db.select(User.id).where(User.email == "kobenhavn@kop.example")
        ).scalar_one()
    auth.login("kobenhavn@kop.example", "demo password 1")
    response = client.post("/account/delete", data={"password": "demo password 1"})
    assert response.status_code == 302
    assert api("/api/v1/themes", tokens["dk"]).status_code == 401
    with app.app_context():
        remaining = db.session.execute(
            db.select(db.func.count()).select_from(ApiToken).where(ApiToken.user_id == user_id)
        ).scalar_one()
    assert remaining == 0


def test_the_openapi_document_and_its_docs_page_describe_every_endpoint(client, api):
    spec = api("/api/v1/openapi.json").json
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    paths = set(spec["paths"])
    assert {"/api/v1/projects/{project_id}/suggestions", "/api/v1/for-us",
            "/api/v1/public/cooperations"} <= paths  # fmt: skip
    assert spec["paths"]["/api/v1/public/themes"]["get"]["security"] == [{}]
    page = client.get("/api/v1/docs", headers={"Accept-Language": "da"}).get_data(as_text=True)
    for path in paths:
        assert f"GET {path}" in page
    assert "Projekter på den anden side, der søger jeres kommune" in page
    assert not re.search(r'(src|href)="(https?:)?//', page), "nothing from other hosts"


def test_the_openapi_document_is_whole_for_readers_who_come_at_once(app):
    """The document is written when first read: callers arriving together all get every
    path of the API, each once."""
    from concurrent.futures import ThreadPoolExecutor

    from app.api import public, resources

    api = app.extensions["kop_api"]
    names = {bp.name for bp in (resources.bp, public.bp)}
    routes = {
        rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.split(".")[0] in names
    }
    with ThreadPoolExecutor(4) as pool:
        documents = list(pool.map(lambda _: api.spec.to_dict(), range(4)))
    for document in documents:
        assert len(document["paths"]) == len(routes) >= 12
        assert len(document["tags"]) == len({t["name"] for t in document["tags"]}) == 2


def test_revoking_a_token_asks_first(app, client, auth, tokens):
    client.post("/login", data={"email": "malmo@kop.example", "password": DEMO_PASSWORD})
    page = client.get("/settings/tokens").get_data(as_text=True)
    assert '<details class="confirm">' in page and "Ja, återkalla den" in page
