"""Recording who did what to which object, before → after."""

from app.extensions import db
from app.models import AuditEvent


def record_event(actor, action, obj, before=None, after=None):
    """Add an audit event to the session; the caller's commit saves it with the change."""
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=getattr(obj, "id", None),
        before=before,
        after=after,
    )
    db.session.add(event)
    return event


def changed_fields(before, after):
    """Only the keys whose values differ, as (before, after) dicts."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
