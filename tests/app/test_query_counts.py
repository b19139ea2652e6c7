"""Pages cost a fixed number of SQL statements, however many cards they show."""

import re
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from app.clock import utcnow
from app.extensions import db
from app.models import Municipality, Profile, Project, Theme, User
from tests.conftest import DEMO_PASSWORD, project_id_by_title

SKYFALL = "Skyfallssäkrade stadsdelar"
DUMP = {}


@contextmanager
def statements(app):
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _add_profiles(app, country, n):
    """Profiles for ``n`` more municipalities of ``country`` about cloudbursts and water."""
    with app.app_context():
        theme = db.session.execute(
            db.select(Theme).where(Theme.code == "climate_adaptation")
        ).scalar_one()
        bare = db.session.execute(
            db.select(Municipality).outerjoin(Municipality.profile)
            .where(Municipality.country == country, Profile.id.is_(None))
            .order_by(Municipality.id).limit(n)
        ).scalars().all()  # fmt: skip
        for m in bare:
            words = ("Vi arbejder med skybrud, regnvand og klimatilpasning."
                     if country == "DK" else "Vi arbetar med skyfall, dagvatten och klimat.")
            db.session.add(Profile(municipality=m, description=words, needs=words, offers=words,
                                   themes=[theme], cooperation_forms=["joint_project"],
                                   working_languages=["da" if country == "DK" else "sv"]))
        db.session.commit()


def _add_projects(app, code, n):
    with app.app_context():
        owner = db.session.execute(
            db.select(Municipality).where(Municipality.code == code)
        ).scalar_one()
        creator = db.session.execute(
            db.select(User).where(User.municipality_id == owner.id)
        ).scalars().first()
        theme = db.session.execute(db.select(Theme).where(Theme.code == "nature")).scalar_one()
        for i in range(n):
            db.session.add(Project(
                municipality=owner, created_by=creator, title=f"Naturvård {i}",
                summary="Vi vill återställa våtmarker och skydda kusten.",
                needs="Vi söker erfarenhet av våtmarker.", offers="Vi erbjuder kunskap om kust.",
                cooperation_form="exchange", horizon="short", wished_regions=[],
                expires_at=utcnow() + timedelta(days=90), themes=[theme]))  # fmt: skip
        db.session.commit()


def _cost(app, email, url):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    client.get(url)  # the first request builds the engine: not what a page costs
    with statements(app) as seen:
        response = client.get(url)
    assert response.status_code == 200
    DUMP["last"] = "\n".join(seen)
    return len(seen), response.get_data(as_text=True)


def test_suggestions_cost_the_same_for_more_candidates(app, demo):
    url = f"/projects/{project_id_by_title(app, SKYFALL)}/suggestions"
    few, before = _cost(app, "malmo@kop.example", url)
    _add_profiles(app, "DK", 12)
    many, after = _cost(app, "malmo@kop.example", url)
    # Ten cards either way, but other municipalities, with profiles, themes and evidence.
    cards = re.compile(r'id="candidate-(\d+)"')
    assert set(cards.findall(after)) != set(cards.findall(before))
    assert many == few, DUMP["last"]


def test_projects_for_us_and_the_dashboard_cost_the_same_for_more_projects(app, demo):
    few_for_us, _ = _cost(app, "kobenhavn@kop.example", "/for-us")
    few_dashboard, _ = _cost(app, "kobenhavn@kop.example", "/dashboard")
    _add_projects(app, "1280", 15)
    many_for_us, page = _cost(app, "kobenhavn@kop.example", "/for-us")
    assert "Naturvård" in page
    assert many_for_us == few_for_us, DUMP.get("last")
    assert _cost(app, "kobenhavn@kop.example", "/dashboard")[0] == few_dashboard


def test_lists_cost_the_same_for_more_rows(app, demo):
    few_projects, _ = _cost(app, "malmo@kop.example", "/projects")
    few_directory, _ = _cost(app, "malmo@kop.example", "/municipalities")
    _add_projects(app, "1280", 15)
    _add_profiles(app, "DK", 12)
    assert _cost(app, "malmo@kop.example", "/projects")[0] == few_projects, DUMP["last"]
    assert _cost(app, "malmo@kop.example", "/municipalities")[0] == few_directory, DUMP["last"]
