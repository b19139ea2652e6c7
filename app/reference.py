"""Loading the reference data shipped in app/data (municipalities and themes)."""

import csv
import os

from app.extensions import db
from app.models import Municipality, Theme

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")

MUNICIPALITY_FIELDS = (
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
THEME_LABELS = ("label_sv", "label_da", "label_en")


def _read(name):
    with open(os.path.join(DATA_DIR, name), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _municipality_values(row):
    values = {field: row[field] for field in MUNICIPALITY_FIELDS}
    values["lat"] = float(values["lat"])
    values["lon"] = float(values["lon"])
    values["population"] = int(values["population"])
    return values


def seed_reference_data():
    """Insert or update municipalities and themes; returns counts of (created, updated)."""
    created = updated = 0
    existing = {m.code: m for m in db.session.execute(db.select(Municipality)).scalars()}
    for row in _read("municipalities.csv"):
        values = _municipality_values(row)
        current = existing.get(row["code"])
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
        labels = {key: row[key] for key in THEME_LABELS}
        if current is None:
            db.session.add(Theme(code=row["code"], position=position, weight=1.0, **labels))
            created += 1
        elif any(getattr(current, k) != v for k, v in labels.items()):
            # Labels follow the shipped file; weights and the active flag are the admins'.
            for key, value in labels.items():
                setattr(current, key, value)
            updated += 1
    db.session.commit()
    return created, updated


def seed_history():
    """Import the shipped cooperation history (app/data/cooperations.jsonl); idempotent.

    Returns the import report; a bad shipped file is a bug, so it raises.
    """
    from app.history.services import import_records

    with open(os.path.join(DATA_DIR, "cooperations.jsonl"), encoding="utf-8") as fh:
        report = import_records(fh, audit=False)
    if report.errors:
        raise ValueError("; ".join(str(e) for e in report.errors))
    return report


# What must travel with the reference data wherever it goes (app/data/SOURCES.md in full).
ATTRIBUTION = (
    "KÖP Match open data. Sources and licences in full: app/data/SOURCES.md.",
    "Municipality codes and names: sjbrg/swedish-geodata (CC0 1.0); "
    "magnuslarsen/geoJSON-Danish-Municipalities (Geodatastyrelsen & Danske Kommuner).",
    "Seat coordinates: GeoNames (geonames.org), CC BY 4.0.",
    "Populations: SCB and Danmarks Statistik figures, read via Wikipedia, regionfakta.com "
    "and kommuneguiden.dk.",
    "Boundaries: okfse/sweden-geojson (opendatasoft / Valmyndigheten) and Geodatastyrelsen & "
    "Danske Kommuner (FOT 2014), simplified.",
    "Cooperation history: public project records (Interreg programme pages and archives, "
    "keep.eu, municipal websites); each record names its source URL. keep.eu data is reused "
    "with credit to keep.eu.",
)


def attribution_lines():
    return list(ATTRIBUTION)


def sources_text():
    """The full SOURCES.md shipped with the reference data."""
    with open(os.path.join(DATA_DIR, "SOURCES.md"), encoding="utf-8") as fh:
        return fh.read()
