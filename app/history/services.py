"""Cooperation history services: import (all or nothing), export, admin edits, outcomes."""

import json
from dataclasses import dataclass, field

from sqlalchemy.orm import selectinload

from app.area import country_order
from app.audit import changed_fields, record_event
from app.clock import utcnow
from app.extensions import db
from app.history.records import Record, read_records
from app.models import Cooperation, Municipality, Theme


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)


def snapshot(coop):
    """A cooperation as plain data: the export format and the audit log's before/after."""
    return {
        "source_id": coop.source_id,
        "title": coop.title,
        "programme": coop.programme,
        "start_year": coop.start_year,
        "end_year": coop.end_year,
        "ongoing": coop.ongoing,
        "members": sorted(m.code for m in coop.members),
        "themes": sorted(t.code for t in coop.themes),
        "source_url": coop.source_url,
        "sources": list(coop.sources or []),
        "summary": coop.summary,
        "origin": coop.origin,
    }


def _lookups():
    municipalities = {m.code: m for m in db.session.execute(db.select(Municipality)).scalars()}
    themes = {t.code: t for t in db.session.execute(db.select(Theme)).scalars()}
    return municipalities, themes


def _apply(coop, record, municipalities, themes):
    for name in ("title", "programme", "start_year", "end_year", "ongoing", "source_url"):
        setattr(coop, name, getattr(record, name))
    coop.sources = list(record.sources)
    coop.summary = record.summary
    coop.members = [municipalities[c] for c in record.members]
    coop.themes = [themes[c] for c in record.themes]


def import_records(lines, actor=None, audit=True):
    """Import JSON Lines records; with any bad line nothing is imported (see ``errors``).

    ``audit=False`` is for the history shipped with the app (``flask seed``), which is
    reference data like the municipalities, not anybody's action.
    """
    municipalities, themes = _lookups()
    records, errors = read_records(lines, set(municipalities), set(themes))
    report = ImportReport(errors=errors)
    if errors:
        return report
    existing = {
        c.source_id: c
        for c in db.session.execute(
            db.select(Cooperation).where(Cooperation.source_id.in_([r.source_id for r in records]))
        ).scalars()
    }
    for record in records:
        coop = existing.get(record.source_id)
        if coop is None:
            coop = Cooperation(source_id=record.source_id, origin="imported")
            _apply(coop, record, municipalities, themes)
            db.session.add(coop)
            db.session.flush()
            if audit:
                record_event(actor, "cooperation.import", coop, None, snapshot(coop))
            report.created += 1
            continue
        before = snapshot(coop)
        _apply(coop, record, municipalities, themes)
        old, new = changed_fields(before, snapshot(coop))
        if new:
            if audit:
                record_event(actor, "cooperation.import", coop, old, new)
            report.updated += 1
        else:
            report.unchanged += 1
    db.session.commit()
    return report


def export_lines():
    """Every cooperation as one JSON line (the import format), oldest record first."""
    rows = db.session.execute(db.select(Cooperation).order_by(Cooperation.id)).scalars()
    for coop in rows:
        yield json.dumps(snapshot(coop), ensure_ascii=False)


def save_cooperation(actor, coop, data):
    """Create (``coop`` None) or change a cooperation from an admin form (audited)."""
    municipalities, themes = _lookups()
    created = coop is None
    before = None if created else snapshot(coop)
    source_id = (data.get("source_id") or "").strip()
    record = Record(
        source_id=source_id or (coop.source_id if coop else ""),
        title=data["title"].strip(),
        members=[m.code for m in data["members"]],
        programme=(data.get("programme") or "").strip(),
        start_year=data.get("start_year"),
        end_year=data.get("end_year"),
        ongoing=bool(data.get("ongoing")),
        themes=[t.code for t in data.get("themes") or []],
        source_url=(data.get("source_url") or "").strip(),
        summary=(data.get("summary") or "").strip(),
    )
    if created:
        coop = Cooperation(source_id=record.source_id or f"admin-{utcnow():%Y%m%d%H%M%S%f}")
        coop.origin = "imported"
        db.session.add(coop)
    _apply(coop, record, municipalities, themes)
    db.session.flush()
    if created:
        record_event(actor, "cooperation.create", coop, None, snapshot(coop))
    else:
        old, new = changed_fields(before, snapshot(coop))
        if new:
            record_event(actor, "cooperation.update", coop, old, new)
    db.session.commit()
    return coop


def delete_cooperation(actor, coop):
    """Remove a cooperation from the history (audited with what it was)."""
    record_event(actor, "cooperation.delete", coop, snapshot(coop), None)
    db.session.delete(coop)
    db.session.commit()


def cooperations_query(municipality=None):
    """The cooperations (of ``municipality`` when given), newest first, members loaded."""
    query = db.select(Cooperation).options(
        selectinload(Cooperation.members), selectinload(Cooperation.themes)
    )
    if municipality is not None:
        query = query.where(Cooperation.members.any(Municipality.id == municipality.id))
    return query.order_by(
        Cooperation.ongoing.desc(),
        db.func.coalesce(Cooperation.end_year, Cooperation.start_year, 0).desc(),
        Cooperation.title,
        Cooperation.id,
    )


def cooperations_of(municipality):
    """The cross-border cooperations a municipality took part in, newest first."""
    rows = db.session.execute(cooperations_query(municipality)).scalars().all()
    return sorted(rows, key=lambda c: (-(c.year or 0), c.title))


def record_platform_cooperation(actor, contact):
    """The cooperation that an accepted contact became (both sides said they work together).

    Idempotent: a contact gives at most one cooperation. Audited; bumps the corpus version
    so that the suggestions count it.
    """
    existing = db.session.execute(
        db.select(Cooperation).where(Cooperation.contact_id == contact.id)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    project = contact.project
    coop = Cooperation(
        source_id=f"kop-contact-{contact.id}",
        title=project.title,
        programme="KÖP Match",
        start_year=utcnow().year,
        ongoing=True,
        summary=project.summary,
        origin="platform",
        contact_id=contact.id,
    )
    coop.members = [project.municipality, contact.to_municipality]
    coop.themes = list(project.themes)
    db.session.add(coop)
    db.session.flush()
    record_event(actor, "cooperation.platform", coop, None, snapshot(coop))
    return coop


def listing(code=None):
    """Every cooperation, newest first, or those of the municipality with ``code``."""
    query = db.select(Cooperation)
    if code:
        query = query.where(Cooperation.members.any(Municipality.code == code))
    rows = db.session.execute(query).scalars().all()
    rows.sort(key=lambda c: (-(c.year or 0), c.title))
    return rows


def member_choices():
    """The municipalities a cooperation may have, in the area's order of countries, by name."""
    return db.session.execute(
        db.select(Municipality).order_by(country_order(Municipality.country), Municipality.name)
    ).scalars().all()  # fmt: skip
