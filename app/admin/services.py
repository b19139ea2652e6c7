"""Admin services: themes, users, audit log queries (weights: admin/weights.py)."""

import re
from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from app.area import country_order
from app.audit import changed_fields, record_event
from app.auth.services import queue_invitation
from app.clock import utcnow
from app.extensions import db
from app.fields import FieldError
from app.models import (
    ApiToken,
    AuditEvent,
    Municipality,
    Profile,
    Theme,
    User,
    profile_themes,
    project_themes,
)
from app.outbox.services import deliver_soon

CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def _theme_data(theme):
    labels = {f"label_{lang}": label for lang, label in sorted((theme.labels or {}).items())}
    return {**labels, "active": theme.active, "weight": theme.weight}


def municipality_choices():
    """Every municipality in the area's order (country, region, name): the invite form."""
    return db.session.execute(
        db.select(Municipality).order_by(
            country_order(Municipality.country), Municipality.recorded_region, Municipality.name
        )
    ).scalars().all()  # fmt: skip


def users_listing():
    """Every account with its municipality, by municipality and address."""
    return db.session.execute(
        db.select(User).join(User.municipality).order_by(Municipality.name, User.email)
    ).scalars().all()  # fmt: skip


def themes_listing():
    """The taxonomy in its order."""
    return db.session.execute(db.select(Theme).order_by(Theme.position)).scalars().all()


def create_theme(actor, code, labels, weight):
    code = (code or "").strip().lower()
    if not CODE.match(code):
        raise FieldError(
            "code", _l("Use 2–40 lower-case letters, digits or _, starting with a letter.")
        )
    if db.session.execute(db.select(Theme.id).where(Theme.code == code)).first():
        raise FieldError("code", _l("A theme with this code exists."))
    position = (db.session.execute(db.select(db.func.max(Theme.position))).scalar() or 0) + 1
    theme = Theme(code=code, weight=weight, active=True, position=position, labels=dict(labels))
    db.session.add(theme)
    db.session.flush()
    record_event(actor, "theme.create", theme, None, {"code": code, **_theme_data(theme)})
    db.session.commit()
    return theme


def update_theme(actor, theme, labels, active):
    """Change labels or (de)activate; a theme is never deleted, so history keeps its code."""
    before = _theme_data(theme)
    theme.labels = {**(theme.labels or {}), **{k: v.strip() for k, v in labels.items()}}
    theme.active = active
    old, new = changed_fields(before, _theme_data(theme))
    if new:
        record_event(actor, "theme.update", theme, old, new)
    db.session.commit()
    return theme


def themes_in_use():
    """{theme id: number of profiles and projects tagged with it}."""
    counts = {}
    for table in (profile_themes, project_themes):
        for theme_id, n in db.session.execute(
            db.select(table.c.theme_id, db.func.count()).group_by(table.c.theme_id)
        ):
            counts[theme_id] = counts.get(theme_id, 0) + n
    return counts


def _refuse_deleted(user, field):
    if user.is_deleted:
        raise FieldError(field, _l("This account has been deleted; it cannot be used again. "
                                   "Invite the person anew instead."))  # fmt: skip


def change_role(actor, user, role):
    _refuse_deleted(user, "role")
    if user.id == actor.id:
        raise FieldError("role", _l("You cannot change your own role."))
    before = user.role
    user.role = role
    record_event(actor, "user.role", user, {"role": before}, {"role": role})
    db.session.commit()


def resend_invitation(actor, user):
    """Send an invited user a new invitation link (valid seven days from now)."""
    _refuse_deleted(user, "active")
    if user.has_password or not user.active:
        raise FieldError("active", _l("Only an invitation that waits can be sent again."))
    queue_invitation(user, actor)
    record_event(actor, "user.invite_again", user, None, None)
    db.session.commit()
    deliver_soon()


def set_active(actor, user, active):
    _refuse_deleted(user, "active")
    if user.id == actor.id and not active:
        raise FieldError("active", _l("You cannot deactivate your own account."))
    before = user.active
    user.active = active
    if not active:
        user.end_sessions()
        # Access tokens end for good: reactivating the account does not bring them back.
        now = utcnow()
        for token in db.session.execute(
            db.select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        ).scalars():
            token.revoked_at = now
        # A deactivated user answers for nothing: no longer anybody's contact person.
        for profile in db.session.execute(
            db.select(Profile).where(Profile.contact_user_id == user.id)
        ).scalars():
            profile.contact_user_id = None
    record_event(
        actor,
        "user.activate" if active else "user.deactivate",
        user,
        {"active": before},
        {"active": active},
    )
    db.session.commit()


def municipalities_without_users():
    with_users = db.select(User.municipality_id).where(User.active.is_(True))
    return (
        db.session.execute(
            db.select(Municipality)
            .where(Municipality.id.not_in(with_users))
            .order_by(country_order(Municipality.country), Municipality.name)
        )
        .scalars()
        .all()
    )


def audit_query(actor_email=None, action=None, date_from=None, date_to=None):
    """Audit events, newest first, filtered by who, what (action prefix) and when."""
    query = db.select(AuditEvent).outerjoin(AuditEvent.actor)
    if actor_email:
        query = query.where(User.email == actor_email.strip().lower())
    if action:
        query = query.where(AuditEvent.action.like(f"{action}%"))
    if date_from:
        query = query.where(AuditEvent.created_at >= datetime.combine(date_from, time.min))
    if date_to:
        query = query.where(
            AuditEvent.created_at < datetime.combine(date_to, time.min) + timedelta(days=1)
        )
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def audit_actions():
    return sorted(
        {
            a.split(".")[0]
            for a in db.session.execute(db.select(AuditEvent.action).distinct()).scalars()
        }
    )
