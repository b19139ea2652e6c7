"""Weight versions: apply a draft as a new active version, re-activate an earlier one."""

from sqlalchemy import func

from app.audit import record_event
from app.extensions import db
from app.matches.services import active_weights, make_weights
from app.models import Theme, WeightSet

THEME_LIMITS = (0.0, 3.0)


def current_values():
    """(component weights, theme weights, version) in force now."""
    weights, version = active_weights()
    return weights.parameters(), dict(weights.theme_weights), version


def versions():
    return (
        db.session.execute(db.select(WeightSet).order_by(WeightSet.version.desc())).scalars().all()
    )


def _sync_themes(theme_weights):
    for theme in db.session.execute(db.select(Theme)).scalars():
        if theme.code in theme_weights:
            theme.weight = theme_weights[theme.code]


def apply_weights(actor, components, theme_weights, note):
    """Make the draft the new active version (who, when, note); returns it."""
    make_weights(components, theme_weights)  # validates: a bad draft never becomes active
    before_components, before_themes, before_version = current_values()
    number = (db.session.execute(db.select(func.max(WeightSet.version))).scalar() or 0) + 1
    for row in db.session.execute(db.select(WeightSet).where(WeightSet.active.is_(True))).scalars():
        row.active = False
    weight_set = WeightSet(
        version=number,
        components=dict(components),
        theme_weights=dict(theme_weights),
        note=(note or "").strip()[:500],
        active=True,
        created_by_id=actor.id,
    )
    db.session.add(weight_set)
    _sync_themes(theme_weights)
    db.session.flush()
    record_event(
        actor,
        "weights.apply",
        weight_set,
        {
            "version": before_version,
            "components": before_components,
            "theme_weights": before_themes,
        },
        {"version": number, "components": components, "theme_weights": theme_weights},
    )
    db.session.commit()
    return weight_set


def activate_version(actor, weight_set):
    """Roll back (or forward) to an earlier version: it becomes the one in force."""
    _, _, before_version = current_values()
    for row in db.session.execute(db.select(WeightSet).where(WeightSet.active.is_(True))).scalars():
        row.active = False
    weight_set.active = True
    _sync_themes(weight_set.theme_weights)
    record_event(
        actor,
        "weights.activate",
        weight_set,
        {"version": before_version},
        {"version": weight_set.version},
    )
    db.session.commit()
    return weight_set
