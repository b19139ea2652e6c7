"""Geography as dated data: on 1 January 2027 Region Hovedstaden and Region Sjælland become
Region Østdanmark. Every page, filter, export and the public API show the region valid on the
day shown; old names still find; a project keeps what it wished and means it today."""

import csv
import io
import re
from datetime import date

import pytest

from app.extensions import db
from app.models import Project
from tests.conftest import DEMO_PASSWORD, project_id_by_title

BEFORE, AFTER = date(2026, 12, 31), date(2027, 1, 1)
PLATFORM = "Öresundsplattform för kommunalt samarbete"  # wished Hovedstaden and Sjælland


@pytest.fixture
def on(app):
    def set_day(day):
        app.config["TODAY"] = day

    return set_day


@pytest.mark.parametrize("day, region", [(BEFORE, "Hovedstaden"), (AFTER, "Østdanmark")])
def test_københavn_is_in_the_region_of_the_day_on_every_page(app, client, auth, demo, on, day,
                                                             region):  # fmt: skip
    on(day)
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    other = "Østdanmark" if region == "Hovedstaden" else "Hovedstaden"
    profile = client.get("/municipalities/101").get_data(as_text=True)
    assert f"<dd>{region}</dd>" in profile and f"<dd>{other}</dd>" not in profile
    directory = client.get("/municipalities?country=DK").get_data(as_text=True)
    assert f'<option value="{region}"' in directory
    assert f'<option value="{other}"' not in directory
    suggestions = client.get(f"/projects/{project_id_by_title(app, 'Skyfallssäkrade stadsdelar')}"
                             "/suggestions").get_data(as_text=True)  # fmt: skip
    assert f"{region} ·" in suggestions and f"{other} ·" not in suggestions
    rows = list(csv.DictReader(io.StringIO(
        client.get("/municipalities/export.csv").data.decode("utf-8-sig"))))  # fmt: skip
    regions = {r.get("Region") for r in rows if r.get("Kommun") == "København"}
    assert regions == {region}


def test_the_public_api_and_open_data_answer_for_the_day_asked(client, demo):
    for day, region, roskilde in ((BEFORE, "Hovedstaden", "Sjælland"),
                                  (AFTER, "Østdanmark", "Østdanmark")):  # fmt: skip
        items, page, pages = [], 1, 1
        while page <= pages:  # every page: the ÖKS pack has 269
            body = client.get(f"/api/v1/public/municipalities?per_page=100&page={page}"
                              f"&on={day}").json  # fmt: skip
            items, pages, page = items + body["items"], body["pages"], page + 1
        assert {m["region"] for m in items if m["code"] in ("101", "400")} == {region}
        assert {m["region"] for m in items if m["code"] == "265"} == {roskilde}
        assert {m["region"] for m in items if m["code"] == "1280"} == {"Skåne"}
        data = client.get(f"/open-data/municipalities.csv?on={day}").data.decode("utf-8-sig")
        assert any(r["code"] == "101" and r["region"] == region
                   for r in csv.DictReader(io.StringIO(data)))  # fmt: skip
    assert client.get("/open-data/municipalities.csv?on=not-a-day").status_code == 400
    assert client.get("/api/v1/public/municipalities?on=2027-13-01").status_code == 422


def test_a_project_that_wished_sjælland_wishes_østdanmark_after_the_reform(app, client, auth,
                                                                         demo, on):  # fmt: skip
    project_id = project_id_by_title(app, PLATFORM)
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    on(BEFORE)
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "<dd>Hovedstaden, Sjælland</dd>" in page
    on(AFTER)
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "Østdanmark <span class=\"muted\">(" in page and "Hovedstaden, Sjælland)" in page
    form = client.get(f"/projects/{project_id}/edit").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="Østdanmark"', form)
    assert 'value="Sjælland"' not in form
    with app.app_context():
        assert db.session.get(Project, project_id).wished_regions == ["Hovedstaden", "Sjælland"]


def test_old_region_names_still_find_their_municipalities(app, client, auth, demo, on):
    on(AFTER)
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    sjaelland = client.get("/municipalities?region=Sjælland").get_data(as_text=True)
    assert ">Roskilde<" in sjaelland and ">København<" not in sjaelland
    ost = client.get("/municipalities?region=Østdanmark").get_data(as_text=True)
    assert ">Roskilde<" in ost and ">København<" in ost
    found = client.get("/projects?q=Sjælland").get_data(as_text=True)
    assert "Klimakrav i offentlige udbud" in found  # Roskilde's project, by its old region
    assert "Klimakrav i offentlige udbud" in client.get(
        "/projects?region=Sjælland").get_data(as_text=True)  # fmt: skip
