"""Exports: files Excel and Python read back exactly, in the reader's language, showing no
more than the page they come from."""

import csv
import io
import pathlib
import re
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from app.area import load_area
from app.extensions import db
from app.models import Contact, Municipality, Project, User
from tests.conftest import DEMO_PASSWORD, TEST_AREA, pack_count

TRICKY = 'Grön omställning, æøå och "citat"; Köge–Malmö'


def read_csv(response):
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def read_xlsx(response):
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    return book, [[c.value for c in row] for row in book.worksheets[0].iter_rows()]


@pytest.fixture
def tricky_project(app, demo):
    with app.app_context():
        project = db.session.execute(
            db.select(Project).where(Project.title == "Skyfallssäkrade stadsdelar")
        ).scalar_one()
        project.title = TRICKY
        project.summary = "=1+2 looks like a formula, but it is text.\nSecond line, with commas."
        db.session.commit()
        return project.id


def login(app, email):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    return client


def test_the_project_list_round_trips_through_csv_and_xlsx(app, tricky_project):
    client = login(app, "kobenhavn@kop.example")
    rows = read_csv(client.get("/projects/export.csv?country=SE"))
    assert rows[0][:3] == ["Titel", "Kommune", "Land"]  # the Danish reader's language
    mine = next(r for r in rows if r[0] == TRICKY)
    assert mine[1] == "Malmö" and mine[2] == "Sverige"
    assert mine[7] == "'=1+2 looks like a formula, but it is text.\nSecond line, with commas."
    assert all(r[2] == "Sverige" for r in rows[1:]), "the filter of the page applies"
    book, sheet = read_xlsx(client.get("/projects/export.xlsx?country=SE"))
    row = [r for r in sheet if r[0] == TRICKY][0]
    assert row[1] == "Malmö"
    # Dates are dates (Excel sorts them), and columns are as wide as what they hold.
    assert any(isinstance(v, date) for v in row)
    widths = {book.worksheets[0].column_dimensions[c].width for c in "ABCDEFGH"}
    assert len(widths) > 2


def test_suggestions_export_is_the_page_for_those_who_may_see_it(app, tricky_project):
    owner = login(app, "malmo@kop.example")
    rows = read_csv(owner.get(f"/projects/{tricky_project}/suggestions/export.csv"))
    assert rows[0][:6] == ["Placering", "Kommun", "Land", "Region", "Poäng (0–100)",
                           "Stark matchning"]  # fmt: skip
    html = owner.get(f"/projects/{tricky_project}/suggestions").get_data(as_text=True)
    # The score the page shows, not 0.188 against 31.
    shown = re.findall(
        r'<span class="score-value"><span class="visually-hidden">[^<]*</span>(\d+)<', html
    )
    assert [r[4] for r in rows[1:]] == shown[: len(rows) - 1]
    assert {r[5] for r in rows[1:]} <= {"Ja", "Nej, svagare"}
    names = [r[1] for r in rows[1:]]
    assert names and [html.index(f">{n}<") for n in names] == sorted(
        html.index(f">{n}<") for n in names
    )
    assert all(r[2] == "Danmark" for r in rows[1:])
    why = rows[0].index("Varför")
    assert all(r[why] for r in rows[1:]), "every row says why, in words"
    other = login(app, "kobenhavn@kop.example")
    assert other.get(f"/projects/{tricky_project}/suggestions/export.csv").status_code == 403


def test_contacts_show_the_other_side_s_people_only_after_acceptance(app, tricky_project):
    with app.app_context():
        sender = db.session.execute(
            db.select(User).where(User.email == "malmo@kop.example")
        ).scalar_one()
        kobenhavn = db.session.execute(
            db.select(Municipality).where(Municipality.code == "101")
        ).scalar_one()
        contact = Contact(project_id=tricky_project, from_user_id=sender.id,
                          to_municipality_id=kobenhavn.id, message="Hej, æøå, ska vi?")  # fmt: skip
        db.session.add(contact)
        db.session.commit()
        contact_id = contact.id
    owner = login(app, "malmo@kop.example")
    rows = read_csv(owner.get("/contacts/export.csv"))
    sent = next(r for r in rows if r[1] == TRICKY)
    assert sent[2] == "København" and sent[6] == "Hej, æøå, ska vi?"
    assert "@" not in sent[8], "no names or addresses before the contact is accepted"
    with app.app_context():
        db.session.get(Contact, contact_id).status = "accepted"
        db.session.commit()
    accepted = next(r for r in read_csv(owner.get("/contacts/export.csv")) if r[1] == TRICKY)
    assert "kobenhavn@kop.example" in accepted[8]
    receiver = next(
        r for r in read_csv(login(app, "kobenhavn@kop.example").get("/contacts/export.csv"))
        if r[1] == TRICKY
    )  # fmt: skip
    assert receiver[0] == "Til os" and "malmo@kop.example" in receiver[8]


def test_directory_and_admin_exports(app, demo):
    member = login(app, "malmo@kop.example")
    rows = read_csv(member.get("/municipalities/export.csv?country=DK"))
    assert len(rows) == 1 + pack_count("DK") and {r[2] for r in rows[1:]} == {"Danmark"}
    assert member.get("/admin/history/export.csv").status_code == 403
    admin = login(app, "admin@kop.example")
    history = read_csv(admin.get("/admin/history/export.csv"))
    shipped = pathlib.Path(load_area(TEST_AREA).path("cooperations.jsonl")).read_text("utf-8")
    assert len(history) - 1 == len(shipped.splitlines())  # every shipped record
    assert all(r[5] for r in history[1:]), "every cooperation names its partners"
    _, stats = read_xlsx(admin.get("/admin/stats/export.xlsx"))
    assert stats[0] == ["Mått", "Land eller månad", "Värde"]
    assert ["Kommuner", "Sverige", pack_count("SE")] in stats
    assert ["Kommuner", "Danmark", pack_count("DK")] in stats


def test_open_data_files_carry_the_attribution(client, demo):
    book, rows = read_xlsx(client.get("/open-data/municipalities.xlsx"))
    assert rows[0][:3] == ["code", "name", "official_name"] and len(rows) == 1 + pack_count()
    assert any("Malmö" == r[1] for r in rows)
    assert any("GeoNames" in (r[0] or "") for r in book["Sources"].iter_rows(values_only=True))
    bundle = zipfile.ZipFile(io.BytesIO(client.get("/open-data/kop-match-open-data.zip").data))
    assert set(bundle.namelist()) == {"municipalities.csv", "themes.csv", "cooperations.csv",
                                      "SOURCES.md", "ATTRIBUTION.txt"}  # fmt: skip
    assert "CC BY 4.0" in bundle.read("SOURCES.md").decode()
    themes = list(csv.reader(io.StringIO(bundle.read("themes.csv").decode("utf-8-sig"))))
    rows = [dict(zip(themes[0], r, strict=True)) for r in themes[1:]]
    climate = next(r for r in rows if r["code"] == "climate_energy")
    assert (climate["label_sv"], climate["label_da"], climate["label_en"]) == (
        "Klimat och energi", "Klima og energi", "Climate and energy")  # fmt: skip


def test_the_open_data_attribution_is_in_the_reader_s_language(client, demo):
    """It was English on Danish pages and pointed to a repository path."""
    page = client.get("/open-data/", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert "Koordinater for hovedbyerne: GeoNames (geonames.org), CC BY 4.0." in page
    assert "app/data/SOURCES.md" not in page
    assert "http://kop.test/open-data/SOURCES.md" in page


def test_csv_stays_safe_in_excel_that_splits_on_semicolons(app, demo):
    """Swedish and Danish Excel split lines on ";": a title "Klimaprojekt;=cmd|…" must not
    put a formula in the next cell, and every cell is quoted."""
    with app.app_context():
        project = db.session.execute(
            db.select(Project).where(Project.title == "Skyfallssäkrade stadsdelar")
        ).scalar_one()
        project.title = "Klimaprojekt;=cmd|' /C calc'!A0"
        db.session.commit()
    client = login(app, "kobenhavn@kop.example")
    response = client.get("/projects/export.csv?country=SE")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.data.decode("utf-8-sig").split("\r\n")
    line = next(x for x in lines if x.startswith('"Klimaprojekt'))
    assert line.startswith('"Klimaprojekt;\'=cmd|')
    naive_cells = line.split(";")  # how Excel would split it if it ignored the quotes
    assert not any(cell.lstrip('"').startswith(("=", "+", "-", "@")) for cell in naive_cells)
    assert all(x.startswith('"') for x in lines[0].split(","))


def test_export_links_use_the_server_url_not_the_request_host(app, demo):
    client = app.test_client()
    evil = {"Host": "evil.example"}
    client.post("/login", data={"email": "kobenhavn@kop.example", "password": DEMO_PASSWORD},
                headers=evil)  # fmt: skip
    rows = read_csv(client.get("/projects/export.csv", headers=evil))
    links = [cell for row in rows[1:] for cell in row if "://" in cell]
    assert links and all(link.startswith("http://kop.test/") for link in links)
