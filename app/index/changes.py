"""What changed for the matcher, recorded with the change itself (SQLAlchemy session events).

In the spirit of microblog's ``SearchableMixin``: the models say nothing about the index;
an ``after_flush`` listener looks at what the flush wrote and adds ``IndexChange`` rows in
the same transaction. A rollback drops both; a commit makes both visible at once.
Collections count: a cooperation whose members or themes change is itself modified.
Bulk statements (``session.execute(update(...))``) bypass this; the app does not use them
for anything the matcher reads.
"""

from flask import g, has_app_context
from sqlalchemy import event, func, insert
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import (
    Contact,
    Cooperation,
    IndexChange,
    Municipality,
    Profile,
    Project,
    Theme,
)

REFIT = ("refit", 0)
# The name on ``g`` of the engine this request has brought up to date (app.index.state):
# dropped when the request records a change, so that its next ranking sees it.
CHECKED = "kop_engine_checked"


def _changes_of(obj):
    """The (kind, key) pairs that a new, changed or deleted object means for the index."""
    if isinstance(obj, Profile):
        return [("municipality", obj.municipality_id)]
    if isinstance(obj, Project):
        # The project itself, and its owner's activity (open projects count).
        return [("project", obj.id), ("municipality", obj.municipality_id)]
    if isinstance(obj, Contact):
        owner = obj.project.municipality_id if obj.project is not None else None
        return [("municipality", m) for m in (owner, obj.to_municipality_id) if m]
    if isinstance(obj, Municipality):
        return [("municipality", obj.id)]
    if isinstance(obj, Cooperation | Theme):
        return [REFIT]
    return []


def _after_flush(session, _context):
    found = []
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Contact) and obj not in session.new and obj not in session.deleted:
            if not session.is_modified(obj, include_collections=False):
                continue
        elif obj in session.dirty and not session.is_modified(obj):
            continue
        for kind, key in _changes_of(obj):
            if key is not None and (kind, key) not in found:
                found.append((kind, key))
    if found:
        session.connection().execute(
            insert(IndexChange), [{"kind": kind, "key": key} for kind, key in found]
        )
        if has_app_context():
            g.pop(CHECKED, None)


def register():
    """Listen on every session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def latest_change_id():
    return db.session.execute(db.select(func.max(IndexChange.id))).scalar() or 0


def changes_since(change_id, limit=None):
    """Changes after ``change_id``, oldest first: [(id, kind, key)]."""
    query = (
        db.select(IndexChange.id, IndexChange.kind, IndexChange.key)
        .where(IndexChange.id > change_id)
        .order_by(IndexChange.id)
    )
    if limit:
        query = query.limit(limit)
    return [tuple(row) for row in db.session.execute(query)]



def latest_refit_id():
    """The last change that needs a refit (the history or the taxonomy), 0 when none."""
    return IndexChange.latest_refit_id()


def prune_changes(below_id, older_than):
    """Forget changes that every worker has had time to fold in: below a snapshot's
    watermark and older than ``older_than`` (workers look for new snapshots every few
    seconds, so an hour is plenty). Returns how many rows went."""
    result = db.session.execute(
        db.delete(IndexChange).where(
            IndexChange.id <= below_id, IndexChange.created_at < older_than
        )
    )
    db.session.commit()
    return result.rowcount
