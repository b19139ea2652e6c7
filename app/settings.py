"""Platform settings that admins change, with defaults in code."""

from app.audit import record_event
from app.extensions import db
from app.models import Setting

DEFAULTS = {
    # Below this a match is a "weaker match" on every list (app/matches/strength.py): listed
    # apart and folded, marked in the API and exports, left out of digests. Calibrated on the
    # real cooperation records (docs/matching.md): 23 % of true partners and 0.7 % of the
    # others score 0.25 or more there; on the demo it keeps the candidates with real evidence.
    "suggestion_min_score": 0.25,
}


def get_setting(key):
    row = db.session.get(Setting, key)
    return DEFAULTS[key] if row is None else row.value


def set_setting(actor, key, value):
    """Change a setting (audited)."""
    if key not in DEFAULTS:
        raise KeyError(key)
    row = db.session.get(Setting, key)
    before = get_setting(key)
    if row is None:
        row = Setting(key=key, value=value, updated_by_id=actor.id)
        db.session.add(row)
    else:
        row.value = value
        row.updated_by_id = actor.id
    db.session.flush()
    record_event(actor, "setting.update", row, {key: before}, {key: value})
    db.session.commit()
