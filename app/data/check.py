#!/usr/bin/env python3
"""Validate municipalities.csv and region.geojson (stdlib only).

Run:  python3 check.py            (from this folder, or pass the folder as argv[1])
"""

import csv
import json
import os
import re
import sys
from collections import Counter

HERE = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
CSV = os.path.join(HERE, "municipalities.csv")
GJ = os.path.join(HERE, "region.geojson")

COLS = [
    "code",
    "country",
    "name",
    "official_name",
    "region",
    "seat",
    "lat",
    "lon",
    "coord_kind",
    "population",
    "population_date",
    "population_source",
]
EXPECTED_REGIONS = {"Skåne": 33, "Blekinge": 5, "Halland": 6, "Hovedstaden": 29, "Sjælland": 17}
REGION_COUNTRY = {
    "Skåne": "SE",
    "Blekinge": "SE",
    "Halland": "SE",
    "Hovedstaden": "DK",
    "Sjælland": "DK",
}
# Published totals of the same tables the figures were copied from (transcription check, see SOURCES.md)
PUBLISHED_TOTALS = {
    ("Skåne", "2022-12-31"): 1414324,
    ("Blekinge", "2023-12-31"): 157973,
    ("Halland", "2023-12-31"): 343746,
    ("Sjælland", "2023-01-01"): 849857,
}
HOVEDSTADEN_TOTAL_2023 = (
    1891871  # Region Hovedstaden 1 Jan 2023 (includes Christiansø, not a municipality)
)

n_ok = 0


def ok(msg):
    global n_ok
    n_ok += 1
    print("ok  ", msg)


def ring_contains(ring, x, y):
    inside = False
    n = len(ring)
    for i in range(n - 1):
        x1, y1 = ring[i]
        x2, y2 = ring[i + 1]
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if xi > x:
                inside = not inside
    return inside


def seg_dist(px, py, x1, y1, x2, y2):
    dx, dy = x2 - x1, y2 - y1
    t = (
        0.0
        if dx == dy == 0
        else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)))
    )
    return ((px - x1 - t * dx) ** 2 + (py - y1 - t * dy) ** 2) ** 0.5


def signed_area(ring):
    return (
        sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1))
        / 2
    )


def polygons(geom):
    return [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]


def contains(geom, x, y):
    for poly in polygons(geom):
        if ring_contains(poly[0], x, y) and not any(ring_contains(h, x, y) for h in poly[1:]):
            return True
    return False


def distance(geom, x, y):
    return min(
        seg_dist(x, y, *r[i], *r[i + 1])
        for poly in polygons(geom)
        for r in poly
        for i in range(len(r) - 1)
    )


# ------------------------------------------------------------------ CSV
with open(CSV, encoding="utf-8", newline="") as f:
    reader = csv.DictReader(f)
    assert reader.fieldnames == COLS, reader.fieldnames
    rows = list(reader)
ok(f"CSV header = {len(COLS)} expected columns")

assert len(rows) == 90, len(rows)
ok("90 rows")

cnt = Counter(r["region"] for r in rows)
assert dict(cnt) == EXPECTED_REGIONS, cnt
ok("rows per region " + ", ".join(f"{k} {v}" for k, v in EXPECTED_REGIONS.items()))

for r in rows:
    assert r["country"] == REGION_COUNTRY[r["region"]], r
    pat = r"\d{4}" if r["country"] == "SE" else r"\d{3}"
    assert re.fullmatch(pat, r["code"]), r["code"]
assert Counter(r["country"] for r in rows) == {"SE": 44, "DK": 46}
ok("country matches region; codes are 4-digit (SE) / 3-digit (DK) strings; 44 SE + 46 DK")

codes = [(r["country"], r["code"]) for r in rows]
assert len(set(codes)) == 90 and len({r["code"] for r in rows}) == 90
ok("codes unique")

assert "411" not in {r["code"] for r in rows}, "Christiansø (411) must be excluded"
ok("Christiansø/Ertholmene (411) not present")

for r in rows:
    for c in ("name", "official_name", "seat", "coord_kind"):
        assert r[c].strip(), (c, r)
    assert r["coord_kind"] in ("seat", "centroid"), r
    lat, lon = float(r["lat"]), float(r["lon"])
    assert 54.5 <= lat <= 57.5 and 10.5 <= lon <= 16.0, (r["name"], lat, lon)
    assert re.fullmatch(r"-?\d+(\.\d{1,4})?", r["lat"]) and re.fullmatch(
        r"-?\d+(\.\d{1,4})?", r["lon"]
    ), r
ok("lat in 54.5..57.5, lon in 10.5..16.0, at most 4 decimals; names/seat/coord_kind filled")

with_pop = [r for r in rows if r["population"] != ""]
for r in with_pop:
    assert re.fullmatch(r"\d+", r["population"]) and int(r["population"]) > 0, r
    assert (
        re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["population_date"]) and r["population_source"].strip()
    ), r
for r in rows:
    if r["population"] == "":
        assert r["population_date"] == "", r
ok(f"population positive integer where given ({len(with_pop)}/90 given), each with date + source")

sums = Counter()
for r in with_pop:
    sums[(r["region"], r["population_date"])] += int(r["population"])
for key, total in PUBLISHED_TOTALS.items():
    assert sums[key] == total, (key, sums[key], total)
ok(
    "regional sums equal the published totals: "
    + ", ".join(f"{k[0]} {k[1]} = {v:,}" for k, v in PUBLISHED_TOTALS.items())
)
hov = [r for r in rows if r["region"] == "Hovedstaden"]
hov_2023 = sum(int(r["population"]) for r in hov if r["population_date"] == "2023-01-01")
others = [
    (r["name"], r["population"], r["population_date"])
    for r in hov
    if r["population_date"] != "2023-01-01"
]
print(
    f"info Hovedstaden: {len(hov) - len(others)} municipalities dated 2023-01-01 sum to {hov_2023:,}; "
    f"published region total {HOVEDSTADEN_TOTAL_2023:,} leaves {HOVEDSTADEN_TOTAL_2023 - hov_2023:,} "
    f"for {others} + Christiansø"
)

dates = Counter((r["country"], r["population_date"]) for r in with_pop)
print("info population dates:", dict(dates))

# ------------------------------------------------------------------ GeoJSON
size = os.path.getsize(GJ)
with open(GJ, encoding="utf-8") as f:
    fc = json.load(f)
assert fc["type"] == "FeatureCollection"
feats = fc["features"]
ok(f"region.geojson parses as a FeatureCollection ({size:,} bytes, {len(feats)} features)")
assert size < 400 * 1024, size
ok("region.geojson < 400 KB")

fcodes = Counter((ft["properties"]["country"], ft["properties"]["code"]) for ft in feats)
assert all(fcodes[c] == 1 for c in codes), [c for c in codes if fcodes[c] != 1]
assert set(fcodes) == set(codes), set(fcodes) ^ set(codes)
ok("every CSV code has exactly one GeoJSON feature, and no extra features")

byrow = {(r["country"], r["code"]): r for r in rows}
nverts = 0
for ft in feats:
    p, g = ft["properties"], ft["geometry"]
    assert ft["type"] == "Feature" and set(p) == {"code", "name", "country", "region"}, p
    r = byrow[(p["country"], p["code"])]
    assert (p["name"], p["region"]) == (r["name"], r["region"]), (p, r["name"], r["region"])
    assert g["type"] in ("Polygon", "MultiPolygon"), g["type"]
    for poly in polygons(g):
        assert poly, p
        assert signed_area(poly[0]) > 0 and all(signed_area(h) < 0 for h in poly[1:]), (
            p["name"],
            "ring orientation",
        )
        for ring in poly:
            assert len(ring) >= 4 and ring[0] == ring[-1], (
                p["name"],
                "ring not closed / too short",
            )
            for x, y in ring:
                nverts += 1
                assert 10.0 <= x <= 16.5 and 54.4 <= y <= 57.7, (
                    p["name"],
                    x,
                    y,
                    "not lon,lat?",
                )  # polygons: Karlskrona reaches 16.05 E
                assert round(x, 4) == x and round(y, 4) == y, (p["name"], x, y)
ok(
    f"properties match the CSV; Polygon/MultiPolygon only; rings closed and RFC 7946-oriented; [lon, lat] order; 4-decimal coordinates ({nverts:,} vertices)"
)

far = []
for ft in feats:
    r = byrow[(ft["properties"]["country"], ft["properties"]["code"])]
    x, y = float(r["lon"]), float(r["lat"])
    if not contains(ft["geometry"], x, y):
        far.append((r["name"], round(distance(ft["geometry"], x, y), 4)))
assert all(d < 0.01 for _, d in far), far
ok(
    "each lat/lon lies inside its own (simplified) polygon"
    + (f"; within 0.01 deg: {far}" if far else "")
)

bh = next(ft for ft in feats if ft["properties"]["code"] == "400")
assert contains(bh["geometry"], 14.92, 55.13), "Bornholm polygon missing"
ok("Bornholm polygon present")

print(f"\nALL CHECKS PASSED ({n_ok} checks)")
