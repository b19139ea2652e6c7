"""The map of the region as inline SVG, drawn from the shipped boundaries.

No tile server and no other host: the area pack's region.geojson (see its SOURCES.md) is
projected once per process (equirectangular, scaled by the cosine of the mid latitude).
Municipalities are keyed by (country, code): codes are unique per country only.
"""

import json
import math
from functools import lru_cache

from markupsafe import Markup, escape

from app.area import current_area, load_area

WIDTH = 800


@lru_cache(maxsize=4)
def _geometry(area_key):
    with open(load_area(area_key).path("region.geojson"), encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    rings = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        key = (feature["properties"]["country"], feature["properties"]["code"])
        rings[key] = (feature["properties"]["name"], polygons)
    points = [pt for _, polys in rings.values() for poly in polys for ring in poly for pt in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    box = (min(lons), max(lons), min(lats), max(lats))
    return rings, box


@lru_cache(maxsize=4)
def _projection(area_key):
    _, (lon0, lon1, lat0, lat1) = _geometry(area_key)
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    scale = WIDTH / ((lon1 - lon0) * kx)
    height = (lat1 - lat0) * scale

    def project(lon, lat):
        return (lon - lon0) * kx * scale, (lat1 - lat) * scale

    return project, height


@lru_cache(maxsize=4)
def _paths(area_key):
    rings, _ = _geometry(area_key)
    project, _height = _projection(area_key)
    paths = {}
    for code, (name, polygons) in rings.items():
        parts = []
        for polygon in polygons:
            for ring in polygon:
                xy = [project(lon, lat) for lon, lat in ring]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
        paths[code] = (name, "".join(parts))
    return paths


def render_map(home=None, candidates=(), label=""):
    """SVG of the area's municipalities; ``home`` (a municipality) and numbered
    ``candidates``."""
    area_key = current_area().key
    project, height = _projection(area_key)
    candidate_codes = {(m.country, m.code): i for i, m in enumerate(candidates, start=1)}
    home_key = (home.country, home.code) if home is not None else None
    out = [
        f'<svg class="region-map" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    for key, (name, path) in _paths(area_key).items():
        cls = "home" if key == home_key else ("candidate" if key in candidate_codes else "other")
        out.append(f'<path class="{cls}" d="{path}"><title>{escape(name)}</title></path>')
    placed = []
    for municipality in ([home] if home is not None else []) + list(candidates):
        x0, y0 = project(municipality.lon, municipality.lat)
        x, y = _free_spot(x0, y0, placed)
        placed.append((x, y))
        number = candidate_codes.get((municipality.country, municipality.code))
        text = "★" if number is None else str(number)
        leader = (
            f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>'
            if (x, y) != (x0, y0)
            else ""
        )
        # The seat as a dot: a small municipality is seen even where its shape is tiny.
        out.append(
            f'<g class="marker{" home" if number is None else ""}">{leader}'
            f'<circle class="seat" cx="{x0:.1f}" cy="{y0:.1f}" r="4"/>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="15"/>'
            f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle">{text}</text>'
            f"<title>{escape(municipality.name)}</title></g>"
        )
    out.append("</svg>")
    return Markup("".join(out))


MARKER_GAP = 32  # px between marker centres (radius 15 and a little air)


def _free_spot(x, y, placed):
    """Where a marker goes: at its seat, or nudged around it until it hides no other
    (København and Frederiksberg have seats 3 km apart)."""
    for step in range(0, 60):
        if step == 0:
            cx, cy = x, y
        else:
            angle = step * 2.4  # golden-angle spiral
            radius = MARKER_GAP * (0.6 + 0.12 * step)
            cx, cy = x + radius * math.cos(angle), y + radius * math.sin(angle)
        if all((cx - px) ** 2 + (cy - py) ** 2 >= MARKER_GAP**2 for px, py in placed):
            return cx, cy
    return x, y
