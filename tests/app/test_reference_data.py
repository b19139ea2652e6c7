import csv
import os

import pytest

from app.area import load_area
from app.extensions import db
from app.models import Municipality, Theme
from app.reference import seed_reference_data
from tests.conftest import TEST_AREA, pack_count

DATA_DIR = load_area("kop").path("")  # the default pack's files


def test_seed_twice_leaves_the_pack_s_municipalities(app, runner):
    assert runner.invoke(args=["seed"]).exit_code == 0
    result = runner.invoke(args=["seed"])
    assert "0 created, 0 updated" in result.output
    with app.app_context():
        rows = db.session.execute(db.select(Municipality)).scalars().all()
        assert len(rows) == pack_count() == (90 if TEST_AREA == "kop" else 269)
        assert sum(m.country == "SE" for m in rows) == pack_count("SE")
        assert sum(m.country == "DK" for m in rows) == pack_count("DK")


def test_seed_updates_changed_rows_and_keeps_admin_weights(app):
    with app.app_context():
        malmo = db.session.execute(
            db.select(Municipality).where(Municipality.code == "1280")
        ).scalar_one()
        malmo.population = 1
        theme = db.session.execute(db.select(Theme).where(Theme.code == "culture")).scalar_one()
        theme.labels = {**theme.labels, "da": "forkert"}
        theme.weight = 2.5
        db.session.commit()
        created, updated = seed_reference_data()
        assert (created, updated) == (0, 2)
        db.session.refresh(malmo)
        db.session.refresh(theme)
        assert malmo.population == 357377
        assert theme.label("da") == "Kultur"
        assert theme.weight == 2.5


def test_themes_have_labels_in_every_language_of_the_packs(app):
    with app.app_context():
        themes = db.session.execute(db.select(Theme)).scalars().all()
    assert 18 <= len(themes) <= 25
    for theme in themes:
        assert all(theme.label(lang) for lang in ("sv", "da", "nb", "en"))
        assert set(theme.labels) == {"sv", "da", "nb", "en"}
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


# -- the shipped files themselves (what app/data/SOURCES.md promises) ---------------------
REGION_COUNTS = {"Skåne": 33, "Blekinge": 5, "Halland": 6, "Hovedstaden": 29, "Sjælland": 17}
REGION_COUNTRY = {"Skåne": "SE", "Blekinge": "SE", "Halland": "SE"}
# Totals printed on the pages the figures were read from (a transcription check).
PUBLISHED_TOTALS = {
    ("Skåne", "2022-12-31"): 1414324,
    ("Blekinge", "2023-12-31"): 157973,
    ("Halland", "2023-12-31"): 343746,
    ("Sjælland", "2023-01-01"): 849857,
}


def _csv_rows():
    with open(os.path.join(DATA_DIR, "municipalities.csv"), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _features():
    import json

    with open(os.path.join(DATA_DIR, "region.geojson"), encoding="utf-8") as fh:
        return json.load(fh)["features"]


def _polygons(geometry):
    coords = geometry["coordinates"]
    return [coords] if geometry["type"] == "Polygon" else coords


def _ring_contains(ring, x, y):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x1 + (y - y1) * (x2 - x1) / (y2 - y1) > x:
            inside = not inside
    return inside


def _contains(geometry, x, y):
    return any(
        _ring_contains(poly[0], x, y) and not any(_ring_contains(h, x, y) for h in poly[1:])
        for poly in _polygons(geometry)
    )


def _signed_area(ring):
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def test_municipalities_csv_holds_the_90_of_the_five_regions():
    import re
    from collections import Counter

    rows = _csv_rows()
    assert Counter(r["region"] for r in rows) == REGION_COUNTS
    assert len({r["code"] for r in rows}) == 90 and "411" not in {r["code"] for r in rows}
    for r in rows:
        assert r["country"] == REGION_COUNTRY.get(r["region"], "DK"), r["name"]
        assert re.fullmatch(r"\d{4}" if r["country"] == "SE" else r"\d{3}", r["code"])
        assert r["name"].strip() and r["official_name"].strip() and r["seat"].strip()
        assert 54.5 <= float(r["lat"]) <= 57.5 and 10.5 <= float(r["lon"]) <= 16.0, r["name"]
        assert int(r["population"]) > 0 and r["population_date"] and r["population_source"]


def test_populations_add_up_to_the_published_totals():
    from collections import Counter

    sums = Counter()
    for r in _csv_rows():
        sums[(r["region"], r["population_date"])] += int(r["population"])
    for key, total in PUBLISHED_TOTALS.items():
        assert sums[key] == total, key


def test_boundaries_match_the_csv_and_hold_each_seat():
    rows = {r["code"]: r for r in _csv_rows()}
    features = _features()
    assert sorted(f["properties"]["code"] for f in features) == sorted(rows)
    for feature in features:
        props, geometry = feature["properties"], feature["geometry"]
        row = rows[props["code"]]
        assert (props["name"], props["region"], props["country"]) == (
            row["name"],
            row["region"],
            row["country"],
        )
        for poly in _polygons(geometry):
            assert _signed_area(poly[0]) > 0, (row["name"], "RFC 7946: exterior ring CCW")
            assert all(ring[0] == ring[-1] and len(ring) >= 4 for ring in poly)
        assert _contains(geometry, float(row["lon"]), float(row["lat"])), row["name"]
    bornholm = next(f for f in features if f["properties"]["code"] == "400")
    assert _contains(bornholm["geometry"], 14.92, 55.13)


def test_a_pack_whose_codes_collide_across_countries_is_refused():
    """Codes are unique per country; pages and files name a municipality by its code, so a
    pack may not use one code in two of its countries."""
    from app.reference import PackError, _checked_municipalities

    rows = [{"code": "101", "country": "DK"}, {"code": "1280", "country": "SE"}]
    assert _checked_municipalities(rows) == rows
    with pytest.raises(PackError, match="101 is used in DK and NO"):
        _checked_municipalities(rows + [{"code": "101", "country": "NO"}])
