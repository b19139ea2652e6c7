"""Every list says only what is true: on the demo plus a newcomer (Karlshamn, coastal
tourism, no history), every municipality's "projects looking for you" and every open
project's suggestions are read as a user would, and each reason is checked against the
facts it names."""

import pytest
from flask_babel import force_locale

from app.extensions import db
from app.matches.presentation import NEIGHBOUR_KM, reason_sentence
from app.matches.services import own_cooperations
from app.matches.strength import split, strong_threshold
from app.matches.suggestions import projects_for, suggest
from app.models import Cooperation, Municipality, Profile, Project
from app.themes import themes_by_ids
from matching.evidence import MASS_NETWORK, MASS_SIMILAR_MIN, SIMILAR_MIN, is_filler
from tests.conftest import theme_ids

KARLSHAMN = {
    "description": "Karlshamn är en kustkommun i Blekinge med skärgård, hamn och besöksnäring. "
    "Vi utvecklar kustturism, cykelleder längs kusten och småskaligt fiske.",
    "needs": "Vi söker partner med erfarenhet av kustturism, skärgårdsturism och "
    "hållbar besöksnäring vid havet.",
    "offers": "Vi erbjuder kunskap om fiskehamnar, kustleder och turistsamverkan.",
}


@pytest.fixture
def newcomer(app, demo):
    """Karlshamn, a newly invited officer's municipality, with a coastal-tourism profile."""
    with app.app_context():
        karlshamn = db.session.execute(
            db.select(Municipality).where(Municipality.code == "1082")
        ).scalar_one()
        themes = themes_by_ids(theme_ids(app, "tourism", "nature"))
        profile = Profile(municipality=karlshamn, cooperation_forms=["network"],
                          working_languages=["sv"], themes=themes, **KARLSHAMN)  # fmt: skip
        db.session.add(profile)
        db.session.commit()
    return "1082"


def _check(home, other, match, own=frozenset()):
    """The problems of one shown match: what its reason and evidence claim untruly."""
    problems = []
    e = match.explanation
    for pair in e["words"]:
        if is_filler(pair["query"]) or is_filler(pair["candidate"]):
            problems.append(f"generic word as evidence: {pair['query']} ↔ {pair['candidate']}")
    with force_locale("en"):
        sentence = reason_sentence(e["reason"])
    km = home.distance_km(other)
    if "neighbour" in sentence and round(km) > NEIGHBOUR_KM:
        problems.append(f"'close neighbour' at {km:.0f} km: {home.name} → {other.name}")
    for s in e["similar"]:
        if s["cooperation"] in own:
            problems.append(f"similar project is the project itself: {s['title']}")
        value = match.components["history_text"]
        if value < SIMILAR_MIN or (s["members"] > MASS_NETWORK and value < MASS_SIMILAR_MIN):
            problems.append(f"similar project at {value:.2f}: {s['title']}")
    if e["reason"]["key"] == "similar_projects" and not e["similar"]:
        problems.append("a 'similar project' reason without one shown")
    return problems


def test_every_list_says_only_what_is_true(app, newcomer, client):
    with app.test_request_context():
        problems, shown, strong_rows, weak_rows = [], 0, 0, 0
        threshold = strong_threshold()
        for municipality in db.session.execute(
            db.select(Municipality).join(Municipality.profile)
        ).scalars():
            rows = projects_for(municipality, limit=20)
            strong, weaker = split(rows)
            assert all(r["match"].score >= threshold for r in strong)
            assert all(r["match"].score < threshold for r in weaker)
            strong_rows, weak_rows = strong_rows + len(strong), weak_rows + len(weaker)
            for row in rows:
                shown += 1
                problems += _check(municipality, row["project"].municipality, row["match"])
        for project in db.session.execute(db.select(Project).where(Project.is_open)).scalars():
            own = own_cooperations(project)
            for row in suggest(project):
                shown += 1
                problems += _check(project.municipality, row["municipality"], row["match"],
                                   own)  # fmt: skip
    assert shown > 100 and strong_rows and weak_rows
    assert problems == []


def test_after_we_work_together_the_project_is_not_its_own_similar_project(
    app, client, auth, demo
):
    """Bornholm's reason after "we work together" was the very project."""
    from app.models import Contact, User

    with app.test_request_context():
        project = db.session.execute(
            db.select(Project).join(Project.municipality).where(Municipality.code == "400")
        ).scalars().first()  # fmt: skip
        partner = db.session.execute(
            db.select(Municipality).where(Municipality.code == "1280")
        ).scalar_one()
        sender = db.session.execute(
            db.select(User).where(User.email == "bornholm@kop.example")
        ).scalar_one()
        contact = Contact(project=project, from_user_id=sender.id, to_municipality=partner,
                          message="Hej", status="accepted")  # fmt: skip
        db.session.add(contact)
        db.session.flush()
        coop = Cooperation(source_id="kop-test", title=project.title, summary=project.summary,
                           origin="platform", contact_id=contact.id)  # fmt: skip
        coop.members = [project.municipality, partner]
        coop.themes = list(project.themes)
        db.session.add(coop)
        db.session.commit()
        own = own_cooperations(project)
        assert own == {("cooperation", coop.id)}
        for row in suggest(project):
            similar = [s["cooperation"] for s in row["match"].explanation["similar"]]
            ties = [t["cooperation"] for t in row["match"].explanation["ties"]]
            assert not own & set(similar + ties), row["municipality"].name


@pytest.mark.parametrize(
    "home, other, neighbour",
    [("1080", "400", False), ("1082", "101", False), ("1283", "217", True)],
)
def test_a_close_neighbour_is_one(app, home, other, neighbour):
    """Karlskrona–Bornholm (130 km) and Karlshamn–København are no close neighbours;
    Helsingborg–Helsingør (5 km) is."""
    with app.test_request_context():
        a, b = (db.session.execute(db.select(Municipality).where(Municipality.code == c))
                .scalar_one() for c in (home, other))  # fmt: skip
        km = round(a.distance_km(b))
        with force_locale("en"):
            sentence = reason_sentence({"key": "nearby", "values": {"km": km}})
        assert ("neighbour" in sentence) is neighbour
        assert f"{km} km" in sentence
