"""Loading the reference data: the area pack's (app/data/areas/<KOP_AREA>: regions,
municipalities, crossings, history, SOURCES.md) and the themes (app/data/themes.csv)."""

import csv
import functools
import os
from datetime import date

from flask_babel import lazy_gettext as _l

from app.area import current_area, load_area
from app.email import absolute_url
from app.extensions import db
from app.history.services import import_records
from app.models import Municipality, Region, Theme

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")

MUNICIPALITY_FIELDS = (  # of municipalities.csv (the pack may have more columns)
    "country",
    "name",
    "official_name",
    "region",
    "seat",
    "lat",
    "lon",
    "population",
    "population_date",
)


def _csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _read(name):
    """Rows of a csv of the area pack, or of app/data when the pack has none (themes)."""
    path = current_area().path(name)
    return _csv(path if os.path.exists(path) else os.path.join(DATA_DIR, name))


def crossing_rows():
    """The bridges and ferries between the area's countries (its crossings.csv; none when
    the pack has no water between countries), over which the matcher measures nearness
    (matching.geography, through matches.services)."""
    return _crossing_rows(current_area().key)


@functools.cache
def _crossing_rows(area_key):
    path = load_area(area_key).path("crossings.csv")
    return tuple(_csv(path)) if os.path.exists(path) else ()


def _municipality_values(row):
    values = {field: row[field] for field in MUNICIPALITY_FIELDS}
    values["recorded_region"] = values.pop("region")
    values["lat"] = float(values["lat"])
    values["lon"] = float(values["lon"])
    # Unknown populations stay unknown (the ÖKS pack's Norwegian rows): never 0.
    values["population"] = int(values["population"]) if values["population"] else None
    values["population_date"] = values["population_date"] or ""
    values["programmes"] = row.get("programmes") or ""
    return values


class PackError(ValueError):
    """An area pack whose data cannot be loaded as it is."""


def _checked_municipalities(rows):
    """The pack's rows; codes are unique per country, and must not collide across the
    pack's countries either (pages, files and the history name a municipality by code)."""
    seen = {}
    for row in rows:
        other = seen.setdefault(row["code"], row["country"])
        if other != row["country"]:
            raise PackError(f"municipality code {row['code']} is used in {other} and "
                            f"{row['country']}: give one of them a code of its own")  # fmt: skip
    return rows


def theme_labels(row):
    """{language: label} of a row of themes.csv (its label_<language> columns)."""
    return {key.removeprefix("label_"): value.strip()
            for key, value in row.items() if key.startswith("label_") and value}  # fmt: skip


def seed_regions():
    """Insert or update the regions with their periods and successors (regions.csv)."""
    rows = _read("regions.csv")
    existing = {r.code: r for r in db.session.execute(db.select(Region)).scalars()}
    for position, row in enumerate(rows):
        region = existing.get(row["code"]) or Region(code=row["code"])
        region.country, region.name, region.position = row["country"], row["name"], position
        region.valid_from = date.fromisoformat(row["valid_from"]) if row["valid_from"] else None
        region.valid_to = date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
        region.source, region.successor_code = row["source"], row["successor"] or None
        db.session.add(region)


def seed_reference_data():
    """Insert or update regions, municipalities and themes; returns counts of (created,
    updated) of municipalities and themes."""
    created = updated = 0
    seed_regions()
    existing = {(m.country, m.code): m
                for m in db.session.execute(db.select(Municipality)).scalars()}  # fmt: skip
    for row in _checked_municipalities(_read("municipalities.csv")):
        values = _municipality_values(row)
        current = existing.get((row["country"], row["code"]))
        if current is None:
            db.session.add(Municipality(code=row["code"], **values))
            created += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            updated += 1
    themes = {t.code: t for t in db.session.execute(db.select(Theme)).scalars()}
    for position, row in enumerate(_read("themes.csv")):
        current = themes.get(row["code"])
        labels = theme_labels(row)
        if current is None:
            db.session.add(Theme(code=row["code"], position=position, weight=1.0, labels=labels))
            created += 1
        elif any((current.labels or {}).get(k) != v for k, v in labels.items()):
            # Labels follow the shipped file; weights and the active flag are the admins'
            # (and so are labels in languages the file does not have).
            current.labels = {**(current.labels or {}), **labels}
            updated += 1
    db.session.commit()
    return created, updated


def seed_history():
    """Import the area's cooperation history (its cooperations.jsonl); idempotent.

    Returns the import report; a bad shipped file is a bug, so it raises.
    """

    with open(current_area().path("cooperations.jsonl"), encoding="utf-8") as fh:
        report = import_records(fh, audit=False)
    if report.errors:
        raise ValueError("; ".join(str(e) for e in report.errors))
    return report


# What must travel with the reference data wherever it goes (SOURCES.md in full), in the
# reader's language; the names of sources and licences stay as their owners write them.
ATTRIBUTION = (
    ("url", _l("KÖP Match open data. Sources and licences in full: SOURCES.md, in every "
               "download and at %(url)s.")),
    ("codes", _l("Municipality codes and names: %(sources)s.")),
    ("seats", _l("Seat coordinates: %(sources)s.")),
    ("populations", _l("Populations: figures of %(sources)s.")),
    ("boundaries", _l("Boundaries, simplified: %(sources)s.")),
    ("history", _l("Cooperation history: public project records (Interreg programme pages and "
                   "archives, keep.eu, municipal websites); each record names its source. "
                   "keep.eu data is reused with credit to keep.eu.")),
)  # fmt: skip


def attribution_lines():
    """The attribution in the reader's language, pointing to the public SOURCES.md; the
    sources of each kind of data are the area pack's (``area.json``, ``attribution``)."""

    values = {"url": absolute_url("exports.open_data_sources")}
    sources = current_area().attribution
    lines = []
    for key, line in ATTRIBUTION:
        if key in ("url", "history"):
            lines.append(str(line) % values if key == "url" else str(line))
        elif sources.get(key):
            lines.append(str(line) % {"sources": sources[key]})
    return lines


def sources_text():
    """The full SOURCES.md shipped with the reference data."""
    with open(current_area().path("SOURCES.md"), encoding="utf-8") as fh:
        return fh.read()
