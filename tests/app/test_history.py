"""Cooperation history: import/export, admin curation, pages, platform outcomes, learning."""

import json

from app.extensions import db
from app.models import AuditEvent, Contact, Cooperation, Municipality, WeightSet
from tests.conftest import DEMO_PASSWORD, project_id_by_title

GOOD = [
    {
        "source_id": "T1",
        "title": "Gemensam cykelturism",
        "members": ["1287", "400"],
        "programme": "Interreg VI-A",
        "start_year": 2022,
        "end_year": 2024,
        "themes": ["tourism"],
        "source_url": "https://example.org/t1",
        "summary": "Trelleborg och Bornholm tar fram cykelleder.",
    },
    {"source_id": "T2", "title": "Vatten", "members": ["1280", "101"], "ongoing": True},
]


def _write(tmp_path, rows, name="records.jsonl"):
    path = tmp_path / name
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows), encoding="utf-8"
    )
    return str(path)


def _count(app):
    with app.app_context():
        return db.session.execute(db.select(db.func.count(Cooperation.id))).scalar_one()


def test_import_is_idempotent_and_export_round_trips(app, runner, tmp_path):
    shipped = _count(app)
    path = _write(tmp_path, GOOD)
    result = runner.invoke(args=["history", "import", path])
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated, 0 unchanged" in result.output
    assert (
        "0 created, 0 updated, 2 unchanged"
        in runner.invoke(args=["history", "import", path]).output
    )
    assert _count(app) == shipped + 2
    out = tmp_path / "export.jsonl"
    assert runner.invoke(args=["history", "export", str(out)]).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == shipped + 2
    t1 = next(json.loads(line) for line in lines if '"T1"' in line)
    assert t1["members"] == ["1287", "400"]
    assert (t1["start_year"], t1["end_year"], t1["themes"]) == (2022, 2024, ["tourism"])
    again = runner.invoke(args=["history", "import", str(out)])
    assert f"0 created, 0 updated, {shipped + 2} unchanged" in again.output


def test_a_file_with_a_byte_order_mark_imports_and_one_in_latin_1_says_what_to_do(
    app, runner, tmp_path
):
    """A UTF-8 BOM (as Excel and Notepad write) was rejected; a non-UTF-8 file ended in a
    traceback."""
    with_bom = tmp_path / "bom.jsonl"
    with_bom.write_bytes("\n".join(json.dumps(r) for r in GOOD).encode("utf-8-sig"))
    result = runner.invoke(args=["history", "import", str(with_bom)])
    assert result.exit_code == 0, result.output
    assert "2 created" in result.output
    latin = tmp_path / "latin.jsonl"
    row = {**GOOD[0], "source_id": "T9", "title": "Hälsa på Själland"}
    latin.write_bytes(json.dumps(row, ensure_ascii=False).encode("latin-1"))
    result = runner.invoke(args=["history", "import", str(latin)])
    assert result.exit_code == 1 and result.exception is not None
    assert isinstance(result.exception, SystemExit)  # a clear message, not a traceback
    assert "is not UTF-8 text (line 1" in result.output and "save it as UTF-8" in result.output


def test_a_file_with_bad_lines_imports_nothing_and_names_each_line(app, runner, tmp_path):
    shipped = _count(app)
    rows = [
        GOOD[0],
        {"source_id": "B1", "title": "Okänd", "members": ["9999"]},
        {"source_id": "T1", "title": "Dubblett", "members": ["1280"]},
        {"source_id": "B3", "title": "Ingen"},
        "{not json",
        {
            "source_id": "B5",
            "title": "År",
            "members": ["1280"],
            "start_year": 2020,
            "end_year": 2019,
        },
    ]
    result = runner.invoke(args=["history", "import", _write(tmp_path, rows)])
    assert result.exit_code != 0
    output = result.output
    assert "line 2: unknown municipality '9999'" in output
    assert "line 3: duplicate source_id 'T1' (also on line 1)" in output
    assert "line 4: members is missing" in output
    assert "line 5: not valid JSON" in output
    assert "line 6: end_year 2019 is before start_year 2020" in output
    assert "nothing was imported" in output
    assert _count(app) == shipped  # not even the good first line


def test_municipality_page_lists_its_cooperations(client, member):
    page = client.get("/municipalities/1283").get_data(as_text=True)  # Helsingborg
    assert "Gränsöverskridande samarbeten" in page
    assert "HH-samarbejdet" in page and 'href="/municipalities/217"' in page  # Helsingør
    assert 'rel="noopener noreferrer"' in page


def test_admins_curate_the_history_and_members_cannot(app, client, auth, make_user):
    member = make_user(email="m@malmo.example")
    admin = make_user(email="a@kop.example", role="admin")
    auth.login(member[1])
    assert client.get("/admin/history/").status_code == 403
    auth.logout()
    auth.login(admin[1])
    with app.app_context():
        ids = {
            m.code: m.id
            for m in db.session.execute(
                db.select(Municipality).where(Municipality.code.in_(["1280", "400"]))
            ).scalars()
        }
    data = {"title": "Nytt samarbete", "start_year": "2030", "end_year": "2020", "members": []}
    response = client.post("/admin/history/new", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Välj minst en kommun." in page and "Slutet kan inte ligga före starten." in page
    data = {"title": "Nytt samarbete", "start_year": "2024", "members": [ids["1280"], ids["400"]]}
    assert client.post("/admin/history/new", data=data).status_code == 302
    with app.app_context():
        coop = db.session.execute(
            db.select(Cooperation).where(Cooperation.title == "Nytt samarbete")
        ).scalar_one()
        coop_id = coop.id
        assert {m.code for m in coop.members} == {"1280", "400"}
    assert client.post(f"/admin/history/{coop_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Cooperation, coop_id) is None
        actions = (
            db.session.execute(
                db.select(AuditEvent.action).where(AuditEvent.object_type == "cooperation")
            )
            .scalars()
            .all()
        )
        assert actions == ["cooperation.create", "cooperation.delete"]


def _accepted_contact(app, client, auth):
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    client.post(
        f"/projects/{project_id}/contacts",
        data={"municipality": "400", "message": "Hej Bornholm, vill ni arbeta med oss om skyfall?"},
    )
    auth.logout()
    with app.app_context():
        contact_id = db.session.execute(
            db.select(Contact.id).where(Contact.project_id == project_id)
        ).scalar_one()
    auth.login("bornholm@kop.example", DEMO_PASSWORD)
    client.post(f"/contacts/{contact_id}", data={"decision": "accept"})
    return contact_id


def test_both_sides_saying_they_work_together_makes_a_platform_cooperation(app, client, auth, demo):
    contact_id = _accepted_contact(app, client, auth)  # logged in as Bornholm now
    page = client.get(f"/contacts/{contact_id}").get_data(as_text=True)
    assert "Arbejder I sammen?" in page
    client.post(f"/contacts/{contact_id}/working-together")
    with app.app_context():
        assert (
            db.session.execute(
                db.select(Cooperation).where(Cooperation.contact_id == contact_id)
            ).first()
            is None
        )  # one side is not enough
    assert "Venter på den anden side" in client.get(f"/contacts/{contact_id}").get_data(
        as_text=True
    )
    auth.logout()
    auth.login("malmo@kop.example", DEMO_PASSWORD)
    response = client.post(f"/contacts/{contact_id}/working-together", follow_redirects=True)
    assert "samarbetet finns nu i er historik" in response.get_data(as_text=True)
    with app.app_context():
        coop = db.session.execute(
            db.select(Cooperation).where(Cooperation.contact_id == contact_id)
        ).scalar_one()
        assert coop.origin == "platform" and coop.title == "Skyfallssäkrade stadsdelar"
        assert {m.code for m in coop.members} == {"1280", "400"}
        assert db.session.execute(
            db.select(AuditEvent).where(AuditEvent.action == "cooperation.platform")
        ).first()
    page = client.get("/municipalities/400").get_data(as_text=True)
    assert "Skyfallssäkrade stadsdelar" in page and "Startade på KÖP Match" in page


def test_only_the_two_sides_of_an_accepted_contact_can_say_it(app, client, auth, demo):
    contact_id = _accepted_contact(app, client, auth)
    auth.logout()
    auth.login("roskilde@kop.example", DEMO_PASSWORD)
    assert client.post(f"/contacts/{contact_id}/working-together").status_code == 403


def test_learning_from_outcomes_makes_a_draft_and_applies_nothing(app, client, auth, demo):
    auth.login("admin@kop.example", DEMO_PASSWORD)
    response = client.post("/admin/weights", data={"action": "learn"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Inlärt från utfall" in page and "Förhandsvisning" in page
    with app.app_context():
        assert db.session.execute(db.select(WeightSet)).first() is None
