import csv
import os

from app.extensions import db
from app.models import Municipality, Theme
from app.reference import DATA_DIR, seed_reference_data


def test_seed_twice_leaves_90_municipalities(app, runner):
    assert runner.invoke(args=["seed"]).exit_code == 0
    result = runner.invoke(args=["seed"])
    assert "0 created, 0 updated" in result.output
    with app.app_context():
        rows = db.session.execute(db.select(Municipality)).scalars().all()
        assert len(rows) == 90
        assert sum(m.country == "SE" for m in rows) == 44
        assert sum(m.country == "DK" for m in rows) == 46


def test_seed_updates_changed_rows_and_keeps_admin_weights(app):
    with app.app_context():
        malmo = db.session.execute(
            db.select(Municipality).where(Municipality.code == "1280")
        ).scalar_one()
        malmo.population = 1
        theme = db.session.execute(db.select(Theme).where(Theme.code == "culture")).scalar_one()
        theme.label_da = "forkert"
        theme.weight = 2.5
        db.session.commit()
        created, updated = seed_reference_data()
        assert (created, updated) == (0, 2)
        db.session.refresh(malmo)
        db.session.refresh(theme)
        assert malmo.population == 357377
        assert theme.label_da == "Kultur"
        assert theme.weight == 2.5


def test_themes_have_labels_in_three_languages(app):
    with app.app_context():
        themes = db.session.execute(db.select(Theme)).scalars().all()
    assert 18 <= len(themes) <= 25
    for theme in themes:
        assert theme.label_sv and theme.label_da and theme.label_en
        assert theme.weight == 1.0 and theme.active


def test_attribution_travels_with_the_data():
    with open(os.path.join(DATA_DIR, "SOURCES.md"), encoding="utf-8") as fh:
        sources = fh.read()
    assert "GeoNames" in sources and "municipalities.csv" in sources
    with open(os.path.join(DATA_DIR, "municipalities.csv"), encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 90


def test_distance_between_seats(app):
    with app.app_context():
        by_code = {m.code: m for m in db.session.execute(db.select(Municipality)).scalars()}
        # Malmö to København is about 27 km across the strait.
        assert 20 < by_code["1280"].distance_km(by_code["101"]) < 35
