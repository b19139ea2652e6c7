"""Recording digests and handing them to the outbox, exactly once.

Items are claimed in the database before anything is sent: a digest item's row is unique per
(user, item), so two overlapping runs cannot put the same item in two deliveries. A
delivery is recorded in one transaction with its items and its message, queued in the
outbox (``app/outbox``): from there it is sent as all mail is, with the outbox's claim,
fencing and retries (MAIL_MAX_ATTEMPTS). The outbox's signals close the delivery: sent,
the user's period advances; given up, its items are released for a later digest, so none
is lost.
"""

import logging

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from app.digest.render import render_digest
from app.extensions import db
from app.i18n import recipient_locale
from app.models import DigestDelivery, DigestItem
from app.outbox.services import queue_message
from app.outbox.signals import mail_given_up, mail_sent

log = logging.getLogger(__name__)
KIND = "digest"  # the outbox's kind for digest mail


def record(digest, now):
    """Store a delivery, claim its items for the user and queue its message, in one
    transaction; False when another run has the items."""
    delivery = DigestDelivery(user_id=digest.user.id, items=snapshot(digest), created_at=now)
    db.session.add(delivery)
    try:
        db.session.flush()
        for key in digest.item_keys:
            db.session.add(
                DigestItem(user_id=digest.user.id, item_key=key, delivery_id=delivery.id)
            )
        db.session.flush()
        delivery.mail = _queued_mail(delivery)
        # The user's period advances only when this digest is sent (_sent below).
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def queue_unqueued():
    """Queue a message for every pending delivery that has none (recorded before digests
    went through the outbox); once each, even when runs overlap. Returns how many."""
    ids = db.session.execute(
        db.select(DigestDelivery.id).where(
            DigestDelivery.status == "pending", DigestDelivery.mail_id.is_(None)
        )
    ).scalars().all()
    queued = 0
    for delivery_id in ids:
        # Linked by the compare-and-set below, not through the relationship.
        mail = _queued_mail(db.session.get(DigestDelivery, delivery_id))
        db.session.flush()
        taken = db.session.execute(
            update(DigestDelivery)
            .where(DigestDelivery.id == delivery_id, DigestDelivery.mail_id.is_(None))
            .values(mail_id=mail.id)
            .execution_options(synchronize_session=False)
        ).rowcount  # fmt: skip
        if taken == 1:
            db.session.commit()
            queued += 1
        else:  # another run queued it meanwhile
            db.session.rollback()
    return queued


def has_pending(user_ids):
    """The users among ``user_ids`` whose digest is built but not sent yet."""
    return set(
        db.session.execute(
            db.select(DigestDelivery.user_id).where(
                DigestDelivery.user_id.in_(list(user_ids)),
                DigestDelivery.status == "pending",
            )
        ).scalars()
    )


def snapshot(digest):
    """The digest's items as plain data, so a retry sends what was built."""
    items = []
    for suggestion, project in digest.suggestions:
        items.append(
            {
                "kind": "suggestion",
                "key": f"suggestion:{suggestion.id}",
                "project_id": project.id,
                "project_title": project.title,
                "municipality": suggestion.municipality.name,
                "region": suggestion.municipality.region,
                "score": round(suggestion.score, 3),
                "reason": suggestion.explanation.get("reason", {}),
            }
        )
    for project, match in digest.projects:
        items.append(
            {
                "kind": "project",
                "key": f"project:{project.id}",
                "project_id": project.id,
                "title": project.title,
                "municipality": project.municipality.name,
                "region": project.municipality.region,
                "score": round(match.score, 3),
                "reason": match.explanation.get("reason", {}),
            }
        )
    for contact in digest.contacts:
        items.append(
            {
                "kind": "contact",
                "key": f"contact:{contact.id}",
                "contact_id": contact.id,
                "project_title": contact.project.title,
                "municipality": contact.project.municipality.name,
            }
        )
    return items


def _queued_mail(delivery):
    """The delivery's message, rendered in its reader's language and queued in the outbox
    (the ``OutgoingMail`` row)."""
    user = delivery.user
    with force_locale(recipient_locale(user)):
        message = render_digest(user, delivery.items, subject=_("New matches on KÖP Match"))
    return queue_message(message, KIND)


def _delivery_of(mail):
    if mail.kind != KIND:
        return None
    return db.session.execute(
        db.select(DigestDelivery).where(DigestDelivery.mail_id == mail.id)
    ).scalar_one_or_none()


@mail_sent.connect
def _sent(mail, now):
    """The digest is out: the user's period is over up to when it was built."""
    delivery = _delivery_of(mail)
    if delivery is None:
        return
    delivery.status, delivery.sent_at = "sent", now
    user = delivery.user
    if user.last_digest_at is None or user.last_digest_at < delivery.created_at:
        user.last_digest_at = delivery.created_at


@mail_given_up.connect
def _given_up(mail, now):
    """The outbox gave up: the items go back, and the user's period has not advanced, so
    the next digest carries them."""
    delivery = _delivery_of(mail)
    if delivery is None:
        return
    delivery.status = "failed"
    db.session.execute(delete(DigestItem).where(DigestItem.delivery_id == delivery.id))
    log.error("digest %s to user %s given up; its items go into a later digest",
              delivery.id, delivery.user_id)  # fmt: skip
