"""Area packs: the ÖKS pack (Norway too) on an installation of its own, and an installation
switched from the default pack to ÖKS without losing anything."""

import csv
import html
import re
from datetime import date

import pytest
from flask_migrate import upgrade

from app import create_app
from app.area import AreaError, load_area
from app.extensions import db
from app.models import Contact, Cooperation, Municipality, Profile, Project, Theme, User
from tests.conftest import PASSWORD, make_test_config
from tests.database import scratch_database_url

NORWEGIAN_PROFILE = {
    "description": "Halden kommune arbeider med sykkelveier, kollektivtrafikk og pendling "
    "over grensen, og med overvann og styrtregn i sentrum.",
    "needs": "Vi søker partnere med erfaring fra sykkelturisme langs kysten og fra "
    "klimatilpasning av tette bydeler.",
    "offers": "Vi tilbyr erfaring fra grensekommunesamarbeid og innbyggerdialog.",
}


def _installation(tmp_path, area, name):
    url = scratch_database_url(tmp_path, name)
    app = create_app(test_config=make_test_config(tmp_path, DATABASE_URL=url, AREA=area))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
    return app


@pytest.fixture
def oks(tmp_path):
    """A fresh installation on the ÖKS pack: migrated, seeded, with the demo content."""
    app = _installation(tmp_path, "oks", "oks")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed"]).exit_code == 0
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _norwegian_member(app):

    with app.app_context():
        halden = Municipality.by_code("3101")
        user = User(email="halden@kop.example", name="Kari Nordmann", municipality=halden,
                    role="member", locale="nb", active=True)  # fmt: skip
        user.set_password(PASSWORD)
        db.session.add(user)
        themes = db.session.execute(
            db.select(Theme).where(Theme.code.in_(["transport", "climate_adaptation"]))
        ).scalars().all()  # fmt: skip
        db.session.add_all([user, Profile(municipality=halden, contact_user=user,
                                          themes=themes, working_languages=["nb", "sv"],
                                          **NORWEGIAN_PROFILE)])  # fmt: skip
        db.session.commit()


def test_the_oks_pack_loads_269_municipalities_in_three_countries(oks):
    with oks.app_context():
        rows = db.session.execute(db.select(Municipality)).scalars().all()
        by_country = {c: sum(m.country == c for m in rows) for c in ("SE", "DK", "NO")}
        assert len(rows) == 269 and by_country == {"SE": 93, "DK": 76, "NO": 100}
        oslo = Municipality.by_code("0301")
        assert oslo.country == "NO" and oslo.population is None  # unknown stays unknown
        assert Municipality.by_code("1080").programmes == "kop"  # Blekinge: outside ÖKS
        assert db.session.execute(db.select(db.func.count()).select_from(Cooperation)
                                  ).scalar_one() == 56  # fmt: skip
    client = oks.test_client()
    feed, page, pages = [], 1, 1
    while page <= pages:
        body = client.get(f"/api/v1/public/municipalities?per_page=100&page={page}").json
        feed, pages, page = feed + body["items"], body["pages"], page + 1
    assert len(feed) == 269 and {m["country"] for m in feed} == {"SE", "DK", "NO"}
    oslo = next(m for m in feed if m["code"] == "0301")
    assert oslo["population"] is None and oslo["region"] == "Oslo"
    assert any("Kartverket" in line for line in body["attribution"])


def test_the_2027_regions_of_the_pack_are_its_reform(oks):
    """Every municipality's region on 1 January 2027 is the pack's own region_2027."""
    from app.models.geography import region_on

    with open(load_area("oks").path("municipalities.csv"), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with oks.app_context():
        for row in rows:
            assert region_on(row["region"], date(2027, 1, 1)) == row["region_2027"], row["name"]
            assert region_on(row["region"], date(2026, 12, 31)) == row["region"]


def test_a_norwegian_member_gets_swedish_and_danish_candidates_with_reasons(oks):
    _norwegian_member(oks)
    client = oks.test_client()
    assert client.post("/login", data={"email": "halden@kop.example",
                                       "password": PASSWORD}).status_code == 302  # fmt: skip
    form = {"title": "Sykkelveier over grensen", "summary": "Halden vil bygge sykkelveier og "
            "bedre kollektivtrafikk for dem som pendler over grensen hver dag.",
            "needs": "Erfaring med sykkelturisme og pendling.",
            "offers": "Vi deler planene og erfaringene våre.",
            "cooperation_form": "joint_project", "horizon": "long",
            "expires_at": "2027-06-30"}  # fmt: skip
    with oks.app_context():
        form["themes"] = [str(t.id) for t in db.session.execute(
            db.select(Theme).where(Theme.code == "transport")).scalars()]  # fmt: skip
    created = client.post("/projects/new", data=form)
    errors = re.findall(r'class="error[^"]*"[^>]*>([^<]+)', created.get_data(as_text=True))
    assert created.status_code == 302, errors
    project_id = int(created.headers["Location"].rstrip("/").split("/")[-1])
    page = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
    assert '<html lang="nb"' in page
    with oks.app_context():
        project = db.session.get(Project, project_id)
        from app.matches.suggestions import suggest

        with oks.test_request_context():
            rows = suggest(project, limit=10)
        countries = {row["municipality"].country for row in rows}
        assert countries and countries <= {"SE", "DK"} and "NO" not in countries
        assert all(row["match"].explanation["reason"]["key"] for row in rows)
        names = [row["municipality"].name for row in rows]
    assert names[0] in html.unescape(page)
    # Nearness goes over the land border to Sweden and over the Skagerrak to Denmark.
    assert any(country == "SE" for country in countries)


def test_the_ui_is_complete_in_norwegian(oks):
    """No catalog message shows in English on the Norwegian pages (the nb catalog is
    complete: tests/app/test_i18n.py), and the map draws the whole area."""
    from babel.messages.pofile import read_po

    _norwegian_member(oks)
    with open(oks.root_path + "/translations/nb/LC_MESSAGES/messages.po", "rb") as fh:
        english = [m.id for m in read_po(fh, locale="nb") if m.id and isinstance(m.id, str)
                   and "%" not in m.id and len(m.id) >= 12 and m.string != m.id]  # fmt: skip
    client = oks.test_client()
    client.post("/login", data={"email": "halden@kop.example", "password": PASSWORD})
    for url in ("/dashboard", "/projects", "/projects/new", "/municipalities",
                "/municipalities/3101", "/municipalities/3101/profile", "/contacts", "/for-us",
                "/settings", "/open-data/", "/no-such-page"):  # fmt: skip
        response = client.get(url)
        page = response.get_data(as_text=True)
        text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style|svg)\b.*?</\1>",
                                                            " ", page, flags=re.S)))  # fmt: skip
        assert '<html lang="nb"' in page, url
        # Whole phrases only: a source's own name ("geoJSON-Danish-Municipalities") is no UI.
        left = [m for m in english if re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", text)]
        assert left == [], (url, left)
    page = client.get("/municipalities/3101").get_data(as_text=True)
    assert "Norge" in page and "ukjent" in page  # population not known, in Norwegian
    footer = client.get("/dashboard").get_data(as_text=True)
    assert "Østfold" in footer and "Västra Götaland" in footer  # the area's regions
    from app.matches.map import render_map

    with oks.test_request_context():
        halden = Municipality.by_code("3101")
        svg = str(render_map(halden, [Municipality.by_code("1280"), Municipality.by_code("101")]))
    assert svg.count("<path") == 269 and svg.count('class="home"') == 1
    assert svg.count('class="candidate"') == 2


def test_a_pack_that_does_not_exist_is_refused_with_the_packs_there_are(tmp_path):
    with pytest.raises(AreaError, match="kop.*oks|oks.*kop"):
        create_app(test_config=make_test_config(tmp_path, AREA="atlantis"))


def test_switching_from_the_default_pack_to_oks_keeps_everything(tmp_path):
    """An installation on the 90 with profiles, projects, contacts and cooperations is
    switched to ÖKS (KOP_AREA=oks, then `flask seed`): nothing of it is lost, the other 179
    municipalities and the wider history arrive, and the 90 keep their ids."""
    default = _installation(tmp_path, "kop", "switch")
    runner = default.test_cli_runner()
    assert runner.invoke(args=["seed"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    with default.app_context():  # a contact between the two sides, answered
        project = db.session.execute(db.select(Project).order_by(Project.id)).scalars().first()
        other = Municipality.by_code("101" if project.municipality.country == "SE" else "1280")
        db.session.add(Contact(project=project, from_user=project.created_by,
                               to_municipality=other, message="Ska vi samarbeta?",
                               status="accepted"))  # fmt: skip
        db.session.commit()

    def counts(app):
        with app.app_context():
            def n(model):
                return db.session.execute(db.select(db.func.count()).select_from(model)
                                          ).scalar_one()  # fmt: skip
            ids = dict(db.session.execute(db.select(Municipality.code, Municipality.id)).all())
            members = {c.source_id: sorted(m.code for m in c.members) for c in
                       db.session.execute(db.select(Cooperation)).scalars()}  # fmt: skip
            return {"profiles": n(Profile), "projects": n(Project), "contacts": n(Contact),
                    "users": n(User), "municipalities": n(Municipality)}, ids, members  # fmt: skip

    before, ids_before, members_before = counts(default)
    assert before["contacts"] > 0 and before["profiles"] > 0 and before["municipalities"] == 90
    with default.app_context():
        db.engine.dispose()
    switched = create_app(test_config=make_test_config(
        tmp_path, DATABASE_URL=default.config["SQLALCHEMY_DATABASE_URI"].replace(
            "postgresql+psycopg://", "postgresql://"), AREA="oks"))  # fmt: skip
    with switched.app_context():
        upgrade()  # nothing to do: the schema is the same for every pack
    result = switched.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    after, ids_after, members_after = counts(switched)
    assert {k: after[k] for k in ("profiles", "projects", "contacts", "users")} == {
        k: before[k] for k in ("profiles", "projects", "contacts", "users")}  # fmt: skip
    assert after["municipalities"] == 269
    assert all(ids_after[code] == ids_before[code] for code in ids_before)
    # Every cooperation is kept; the wider records add partners (never remove one) and come in.
    for source_id, members in members_before.items():
        assert set(members) <= set(members_after[source_id]), source_id
    assert len(members_after) == 56
    with switched.app_context():
        db.session.remove()
        db.engine.dispose()
