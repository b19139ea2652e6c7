"""Weights with evidence: preview changes nothing, apply makes a version, rollback works."""

import re

import pytest

from app.admin.evidence import evidence_from_rankings
from app.extensions import db
from app.models import Theme, WeightSet
from tests.conftest import DEMO_PASSWORD, project_id_by_title


def _form(app, **changes):
    """The weights form as the admin page would post it, with some values changed."""
    from app.admin.weights import current_values

    with app.app_context():
        components, theme_weights, _ = current_values()
        themes = db.session.execute(db.select(Theme).where(Theme.active.is_(True))).scalars()
        data = {f"c_{k}": v for k, v in components.items()}
        data.update({f"t_{t.code}": theme_weights[t.code] for t in themes})
    data.update(changes)
    return data


def _top(app, client, title):
    """The candidates of a project's suggestions page, in the order the page shows them."""
    page = client.get(f"/projects/{project_id_by_title(app, title)}/suggestions")
    return re.findall(r'id="candidate-(\d+)"', page.get_data(as_text=True))


def test_evidence_figures_equal_hand_computed_values():
    rankings = {1: [10, 20, 30], 2: [40, 50], 3: [60]}
    positives = {1: {20}, 2: {40, 99}}
    negatives = {1: {30, 31}, 3: {60}}
    open_rankings = {1: [10, 20, 30], 2: [40, 10], 3: [10, 60, 70]}
    figures = evidence_from_rankings(rankings, positives, negatives, open_rankings)
    # project 1: hit at rank 2 → nDCG 1/log2(3) = 0.6309, recall 1, RR 0.5
    # project 2: hit at rank 1 of two relevant → DCG 1, IDCG 1 + 1/log2(3) = 1.6309
    assert figures["positive_cases"] == 2
    assert figures["ndcg10"] == pytest.approx((0.63093 + 1 / 1.63093) / 2, abs=1e-4)
    assert figures["recall10"] == pytest.approx((1 + 0.5) / 2)
    assert figures["mrr"] == pytest.approx((0.5 + 1) / 2)
    assert figures["negative_cases"] == 2
    assert figures["dismissed_in_top10"] == pytest.approx(2 / 3)  # 30 and 60 of 30, 31, 60
    assert figures["coverage"] == 6  # 10, 20, 30, 40, 60, 70
    assert figures["top5_share"] == pytest.approx(7 / 8)  # 10 three times + four others, of 8


def test_preview_changes_nothing_until_applied(app, client, auth, demo):
    auth.login("admin@kop.example", DEMO_PASSWORD)
    response = client.post(
        "/admin/weights",
        data=_form(app, action="preview", t_climate_adaptation="3", c_need_offer="0.1"),
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Förhandsvisning" in page and "Bevis" in page
    with app.app_context():
        assert db.session.execute(db.select(WeightSet)).first() is None
        theme = db.session.execute(
            db.select(Theme).where(Theme.code == "climate_adaptation")
        ).scalar_one()
        assert theme.weight == 1.0


def test_bad_draft_is_refused_with_a_message(app, client, auth, demo):
    auth.login("admin@kop.example", DEMO_PASSWORD)
    response = client.post(
        "/admin/weights", data=_form(app, action="apply", c_reciprocity="2", t_culture="abc")
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Välj ett tal från 0 till 1." in page and "Ange ett tal." in page  # Babel numbers
    with app.app_context():
        assert db.session.execute(db.select(WeightSet)).first() is None


def test_apply_then_reactivate_restores_rankings(app, client, auth, demo):
    auth.login("admin@kop.example", DEMO_PASSWORD)
    title = "Öresundsplattform för kommunalt samarbete"
    before = _top(app, client, title)
    assert (
        client.post("/admin/weights", data=_form(app, action="apply", note="v1")).status_code == 302
    )
    assert _top(app, client, title) == before  # version 1 = the defaults
    client.post(
        "/admin/weights",
        data=_form(
            app,
            action="apply",
            note="activity only",
            c_profile="0",
            c_distance="0",
            c_activity="3",
        ),
    )
    changed = _top(app, client, title)
    assert changed != before
    assert client.post("/admin/weights/1/activate").status_code == 302
    assert _top(app, client, title) == before
    with app.app_context():
        versions = {w.version: w.active for w in db.session.execute(db.select(WeightSet)).scalars()}
        assert versions == {1: True, 2: False}


def test_apply_is_audited_and_shown_with_who_and_note(app, client, auth, demo):
    auth.login("admin@kop.example", DEMO_PASSWORD)
    client.post(
        "/admin/weights", data=_form(app, action="apply", note="Mer vikt på kultur", t_culture="2")
    )
    page = client.get("/admin/weights").get_data(as_text=True)
    assert "Mer vikt på kultur" in page and "Karin Admin" in page
    with app.app_context():
        assert (
            db.session.execute(db.select(Theme.weight).where(Theme.code == "culture")).scalar_one()
            == 2.0
        )


def test_restore_defaults_is_a_draft_like_any_other(app, client, auth, demo):
    auth.login("admin@kop.example", DEMO_PASSWORD)
    client.post("/admin/weights", data=_form(app, action="apply", note="x", c_profile="0.5"))
    page = client.post("/admin/weights", data={"action": "defaults"}).get_data(as_text=True)
    assert "Förhandsvisning" in page and 'value="3.0"' in page  # the default profile weight
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(WeightSet.id))).scalar_one() == 1
    back = _form(app, action="apply", note="back", c_profile="3.0")
    assert client.post("/admin/weights", data=back).status_code == 302


def test_evidence_says_when_there_are_too_few_cases(app, client, auth, demo):
    auth.login("admin@kop.example", DEMO_PASSWORD)
    page = client.post("/admin/weights", data=_form(app, action="preview")).get_data(as_text=True)
    assert "För få fall: 0 projekt har en accepterad kontakt." in page


def test_learning_from_too_few_outcomes_is_refused_first(app, client, auth, demo):
    """With one case the learner set three weights to 0 and warned only further down."""
    from app.models import Cooperation

    with app.app_context():
        keep = next(c for c in db.session.execute(db.select(Cooperation)).scalars()
                    if len({m.country for m in c.members}) == 2)  # fmt: skip
        for c in db.session.execute(db.select(Cooperation).where(Cooperation.id != keep.id)
                                    ).scalars().all():  # fmt: skip
            db.session.delete(c)
        db.session.commit()
    auth.login("admin@kop.example", DEMO_PASSWORD)
    response = client.post("/admin/weights", data={"action": "learn"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "För få utfall att lära av" in page and "minst 10 behövs" in page
    assert "Inlärt från utfall" not in page
    with app.app_context():
        assert db.session.execute(db.select(WeightSet)).first() is None


def test_restoring_the_defaults_says_it_is_a_draft_to_apply(app, client, auth, demo):
    auth.login("admin@kop.example", DEMO_PASSWORD)
    page = client.post("/admin/weights", data={"action": "defaults"}).get_data(as_text=True)
    assert "Standardvärdena finns i utkastet nedan. Inget har ändrats än" in page
