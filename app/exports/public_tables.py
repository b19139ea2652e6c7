"""The open data: what is public anyway, the same rows for the files and /api/v1/public/.

Keys are stable English field names (the files are for other people's tools, in any
language); theme labels come in every language of the area and English (``label_<code>``
columns in the files, ``labels`` in the API). Only imported cooperation records,
the public facts with their sources, are open data: cooperations that started on the
platform stay inside it.
"""

from flask import current_app
from sqlalchemy.orm import selectinload

from app.area import country_order, current_area
from app.exports.formats import Table
from app.extensions import db
from app.models import Cooperation, Municipality, Theme
from app.reference import attribution_lines

DATASETS = ("municipalities", "themes", "cooperations")

MUNICIPALITY_FIELDS = ("code", "name", "official_name", "country", "region", "seat", "lat",
                       "lon", "population", "population_date", "programmes")  # fmt: skip


def attribution():
    return attribution_lines()


def municipality_row(m):
    return {field: getattr(m, field) for field in MUNICIPALITY_FIELDS}


def municipality_count():
    return db.session.execute(db.select(db.func.count()).select_from(Municipality)).scalar_one()


def municipalities_query():
    return db.select(Municipality).order_by(
        country_order(Municipality.country), Municipality.recorded_region, Municipality.name,
        Municipality.id,
    )


def _label_fields():
    return tuple(f"label_{lang}" for lang in current_app.config["LANGUAGES"])


def theme_row(t):
    labels = t.labels or {}
    row = {"code": t.code, "labels": dict(labels)}
    row.update({f"label_{lang}": labels.get(lang, "") for lang in current_app.config["LANGUAGES"]})
    return row


def themes_query():
    return db.select(Theme).where(Theme.active.is_(True)).order_by(Theme.position, Theme.id)


def cooperation_row(c):
    order = {code: i for i, code in enumerate(current_area().country_codes)}
    members = sorted(c.members, key=lambda m: (order.get(m.country, 99), m.name))
    return {
        "id": c.id,
        "title": c.title,
        "programme": c.programme,
        "start_year": c.start_year,
        "end_year": c.end_year,
        "ongoing": c.ongoing,
        "partners": [m.code for m in members],
        "partner_names": [m.name for m in members],
        "themes": [t.code for t in c.themes],
        "source_url": c.source_url,
    }


def cooperations_query():
    return (
        db.select(Cooperation)
        .where(Cooperation.origin == "imported")
        .options(selectinload(Cooperation.members), selectinload(Cooperation.themes))
        .order_by(Cooperation.start_year, Cooperation.id)
    )


FIELDS = {
    "municipalities": MUNICIPALITY_FIELDS,
    "themes": ("code",),  # and a label_<language> column for each language (_label_fields)
    "cooperations": ("id", "title", "programme", "start_year", "end_year", "ongoing",
                     "partners", "partner_names", "themes", "source_url"),
}  # fmt: skip

SOURCES = {
    "municipalities": (municipalities_query, municipality_row),
    "themes": (themes_query, theme_row),
    "cooperations": (cooperations_query, cooperation_row),
}


def rows(name):
    query, row = SOURCES[name]
    return [row(item) for item in db.session.execute(query()).scalars()]


def table(name):
    """A dataset as a table: one column per field; lists joined with "; "."""
    fields = list(FIELDS[name]) + (list(_label_fields()) if name == "themes" else [])
    table = Table(name, fields, notes=attribution())
    data = rows(name)
    for item in data:
        values = [item[f] for f in fields]
        table.rows.append(["; ".join(map(str, v)) if isinstance(v, list)
                           else "" if v is None else v for v in values])  # fmt: skip
    return table
