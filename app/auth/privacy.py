"""What the platform keeps about a person, handing it over, and forgetting them.

Deleting an account keeps what the person did for their municipality (profile texts,
projects, contacts: they belong to the municipality) but removes who they were: name and
address go, the password and every session end, the audit log keeps the actions under
a pseudonym ("deleted user 12"), and the mail addressed to them (sent or still queued, with
its links) is deleted; mail to others that names them carries the pseudonym instead.
"""

from datetime import timedelta

from app.audit import record_event
from app.clock import utcnow
from app.extensions import db
from app.models import (
    ApiToken,
    AuditEvent,
    Contact,
    DigestDelivery,
    OutgoingMail,
    Profile,
    Project,
    Suggestion,
    User,
)
from app.models.users import DELETED_DOMAIN, new_token

AUDIT_RETENTION_DAYS = 730  # before/after copies in the audit log: two years


def _iso(value):
    return value.isoformat() if value else None


def export_user_data(user):
    """Everything stored about ``user``, as plain data (the JSON download)."""
    contacts = db.session.execute(
        db.select(Contact).where(
            (Contact.from_user_id == user.id) | (Contact.answered_by_id == user.id)
        )
    ).scalars()
    events = db.session.execute(
        db.select(AuditEvent)
        .where(
            (AuditEvent.actor_id == user.id)
            | ((AuditEvent.object_type == "user") & (AuditEvent.object_id == user.id))
        )
        .order_by(AuditEvent.id)
    ).scalars()
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "municipality": user.municipality.name,
            "role": user.role,
            "language": user.locale,
            "digest_frequency": user.digest_frequency,
            "last_digest_at": _iso(user.last_digest_at),
            "active": user.active,
            "created_at": _iso(user.created_at),
        },
        "contact_person_of": [
            p.municipality.name
            for p in db.session.execute(
                db.select(Profile).where(Profile.contact_user_id == user.id)
            ).scalars()
        ],
        "access_tokens": [
            {"name": t.name, "starts_with": t.hint, "created_at": _iso(t.created_at),
             "expires_at": _iso(t.expires_at), "last_used_at": _iso(t.last_used_at),
             "revoked_at": _iso(t.revoked_at)}
            for t in db.session.execute(
                db.select(ApiToken).where(ApiToken.user_id == user.id)
            ).scalars()
        ],  # fmt: skip
        "projects_created": [
            {"id": p.id, "title": p.title, "created_at": _iso(p.created_at)}
            for p in db.session.execute(
                db.select(Project).where(Project.created_by_id == user.id)
            ).scalars()
        ],
        "contacts": [
            {
                "id": c.id,
                "project": c.project.title,
                "to": c.to_municipality.name,
                "message": c.message if c.from_user_id == user.id else None,
                "reply": c.reply if c.answered_by_id == user.id else None,
                "status": c.status,
                "created_at": _iso(c.created_at),
            }
            for c in contacts
        ],
        "dismissed_suggestions": [
            {
                "project": s.project.title,
                "municipality": s.municipality.name,
                "reason": s.dismiss_reason,
                "at": _iso(s.dismissed_at),
            }
            for s in db.session.execute(
                db.select(Suggestion).where(Suggestion.dismissed_by_id == user.id)
            ).scalars()
        ],  # fmt: skip
        "digests": [
            {
                "status": d.status,
                "created_at": _iso(d.created_at),
                "sent_at": _iso(d.sent_at),
                "items": d.items,
            }
            for d in db.session.execute(
                db.select(DigestDelivery).where(DigestDelivery.user_id == user.id)
            ).scalars()
        ],  # fmt: skip
        "emails": [
            {"subject": m.subject, "status": m.status, "created_at": _iso(m.created_at),
             "sent_at": _iso(m.sent_at), "body": m.body}
            for m in mail_to(user.email)
        ],  # fmt: skip
        "audit_log": [
            {
                "action": e.action,
                "object": f"{e.object_type} {e.object_id}",
                "at": _iso(e.created_at),
                "before": e.before,
                "after": e.after,
            }
            for e in events
        ],  # fmt: skip
    }


def delete_account(actor, user):
    """Forget a person; their municipality keeps what they did (see the module docstring)."""
    if actor.id == user.id and user.is_admin:
        admins = db.session.execute(
            db.select(db.func.count(User.id)).where(User.role == "admin", User.active.is_(True))
        ).scalar_one()
        if admins <= 1:
            raise ValueError("the last admin")
    for profile in db.session.execute(
        db.select(Profile).where(Profile.contact_user_id == user.id)
    ).scalars():
        profile.contact_user_id = None
    _forget_in_mail(user, pseudonym=f"deleted user {user.id}")
    user.name = ""
    user.email = f"deleted-{user.id}@{DELETED_DOMAIN}"
    user.password_hash = None
    user.active = False
    user.locale = None
    user.digest_frequency = "off"
    user.end_sessions()
    user.digest_token = new_token()
    db.session.execute(db.delete(ApiToken).where(ApiToken.user_id == user.id))
    # The audit log keeps the actions, under the pseudonym this row now is.
    for event in db.session.execute(
        db.select(AuditEvent).where(
            (AuditEvent.object_type == "user") & (AuditEvent.object_id == user.id)
        )
    ).scalars():
        event.before = event.after = None
    record_event(actor if actor.id != user.id else None, "user.delete", user, None, None)
    db.session.commit()


def mail_to(address):
    """The queued and sent mail addressed to ``address``, oldest first."""
    address = address.lower()
    # A JSON list is searched differently on every database (and SQLite stores non-ASCII
    # escaped): read the recipient lists, which are small, and compare here.
    ids = [
        mail_id
        for mail_id, recipients in db.session.execute(
            db.select(OutgoingMail.id, OutgoingMail.recipients).execution_options(yield_per=1000)
        )
        if address in (r.lower() for r in recipients)
    ]
    if not ids:
        return []
    return db.session.execute(
        db.select(OutgoingMail).where(OutgoingMail.id.in_(ids)).order_by(OutgoingMail.id)
    ).scalars().all()  # fmt: skip


def _forget_in_mail(user, pseudonym):
    """Delete the mail addressed to ``user``; in mail to others, their name and address
    become ``pseudonym``."""
    for message in mail_to(user.email):
        db.session.delete(message)
    names = [n for n in (user.email, user.name) if n and len(n) >= 3]
    if not names:
        return
    mentions = db.or_(*(
        db.or_(OutgoingMail.body.contains(n, autoescape=True),
               OutgoingMail.html.contains(n, autoescape=True))
        for n in names
    ))  # fmt: skip
    for message in db.session.execute(db.select(OutgoingMail).where(mentions)).scalars():
        for name in names:
            message.body = message.body.replace(name, pseudonym)
            if message.html:
                message.html = message.html.replace(name, pseudonym)


def prune_audit_log(now=None, days=AUDIT_RETENTION_DAYS):
    """Drop the before/after copies of audit events older than ``days``; who, what and when
    stay. Returns how many events were pruned."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    rows = db.session.execute(db.select(AuditEvent).where(AuditEvent.created_at < cutoff)).scalars()
    count = 0
    for event in rows:
        if event.before is not None or event.after is not None:
            event.before = event.after = None
            count += 1
    db.session.commit()
    return count
