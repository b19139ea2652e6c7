"""Recording digests and sending them exactly once.

Items are claimed in the database before anything is sent: a digest item's row is unique per
(user, item), so two overlapping runs cannot put the same item in two deliveries. Pending
deliveries are claimed with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL and a
compare-and-set UPDATE (pending → sending) everywhere, so one delivery is sent by one run.
A claim writes a token: a run sends a delivery only after renewing its claim under that
token, and marks it sent only under it, so a run that was slow (SMTP hanging) cannot send
what another run took over. A delivery whose run died while sending is picked up again
after STALE_CLAIM; SMTP's MAIL_TIMEOUT keeps every send far shorter than that. The one
window left: a run killed after the server accepted a message and before the database
was updated.
"""

import logging
import uuid
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, delete, or_, update
from sqlalchemy.exc import IntegrityError

from app.digest.render import render_digest
from app.email import send_each, under_claim
from app.extensions import db
from app.i18n import recipient_locale
from app.models import DigestDelivery, DigestItem

log = logging.getLogger(__name__)
STALE_CLAIM = timedelta(minutes=30)
RETRY_AFTER = timedelta(minutes=30)  # cron runs hourly: the next run tries again
BATCH = 200


def record(digest, now):
    """Store a delivery and claim its items for the user; False when another run has them."""
    delivery = DigestDelivery(user_id=digest.user.id, items=snapshot(digest), created_at=now)
    db.session.add(delivery)
    try:
        db.session.flush()
        for key in digest.item_keys:
            db.session.add(
                DigestItem(user_id=digest.user.id, item_key=key, delivery_id=delivery.id)
            )
        # The user's period advances only when this digest is sent (see _send_batch).
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def has_pending(user_ids):
    """The users among ``user_ids`` whose digest is built but not sent yet."""
    return set(
        db.session.execute(
            db.select(DigestDelivery.user_id).where(
                DigestDelivery.user_id.in_(list(user_ids)),
                DigestDelivery.status.in_(["pending", "sending"]),
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


def _claim(now, limit, after_id, token):
    stale = now - STALE_CLAIM
    claimable = and_(
        or_(
            and_(
                DigestDelivery.status == "pending",
                # A failed delivery waits for its retry time: two overlapping runs in the
                # same tick do not spend its retries twice.
                or_(
                    DigestDelivery.next_attempt_at.is_(None), DigestDelivery.next_attempt_at <= now
                ),
            ),
            and_(DigestDelivery.status == "sending", DigestDelivery.claimed_at < stale),
        ),
        DigestDelivery.id > after_id,  # each delivery is tried once per run
    )
    query = db.select(DigestDelivery.id).where(claimable).order_by(DigestDelivery.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = db.session.execute(query).scalars().all()
    claimed = []
    for delivery_id in ids:
        result = db.session.execute(
            update(DigestDelivery)
            .where(DigestDelivery.id == delivery_id, claimable)
            .values(status="sending", claimed_at=now, claim_token=token)
        )
        if result.rowcount == 1:
            claimed.append(delivery_id)
    db.session.commit()
    return claimed


def send_pending(now):
    """Send every claimable delivery once, a batch per SMTP connection; (sent, failed).

    A delivery that fails stays pending for the next run (cron is the retry timer).
    """
    sent = failed = 0
    after_id = 0
    token = uuid.uuid4().hex
    while True:
        ids = _claim(now, BATCH, after_id, token)
        if not ids:
            return sent, failed
        after_id = max(ids)
        deliveries = (
            db.session.execute(
                db.select(DigestDelivery)
                .where(DigestDelivery.id.in_(ids))
                .order_by(DigestDelivery.id)
            )
            .scalars()
            .all()
        )
        s, f = _send_batch(deliveries, now, token)
        sent += s
        failed += f


def _send_batch(deliveries, now, token):
    def held(delivery):
        """Renew the claim right before sending; False when another run has taken it."""
        if under_claim(DigestDelivery, delivery.id, token, claimed_at=now):
            return True
        log.warning("digest %s: another run took it over; not sent by this one", delivery.id)
        return False

    def sent(delivery):
        if not under_claim(DigestDelivery, delivery.id, token, sending_only=False,
                           status="sent", sent_at=now, attempts=DigestDelivery.attempts + 1):
            log.error("digest %s was sent, but its claim had been taken over", delivery.id)
        # The period is over once the digest is out: it covered up to when it was built.
        user = delivery.user
        if user.last_digest_at is None or user.last_digest_at < delivery.created_at:
            user.last_digest_at = delivery.created_at

    return send_each(
        deliveries,
        _message,
        sent,
        lambda delivery, error: _mark_failed(delivery, error, now, token),
        held,
    )


def _mark_failed(delivery, error, now, token):
    """Back to pending for the next run, or failed for good after DIGEST_MAX_ATTEMPTS."""
    db.session.refresh(delivery)
    if delivery.claim_token != token:  # another run holds it now: its outcome counts
        return 0
    delivery.attempts += 1
    delivery.last_error = f"{type(error).__name__}: {error}"[:1000]
    limit = current_app.config["DIGEST_MAX_ATTEMPTS"]
    log.error(
        "digest %s to user %s failed (attempt %s of %s): %s",
        delivery.id,
        delivery.user_id,
        delivery.attempts,
        limit,
        delivery.last_error,
    )
    if delivery.attempts >= limit:
        delivery.status = "failed"
        # Give the items back; the user's period has not advanced, so the next digest
        # carries them: none is lost.
        db.session.execute(delete(DigestItem).where(DigestItem.delivery_id == delivery.id))
        return 1
    delivery.status = "pending"
    delivery.next_attempt_at = now + RETRY_AFTER
    return 0


def _message(delivery):
    user = delivery.user
    with force_locale(recipient_locale(user)):
        return render_digest(user, delivery.items, subject=_("New matches on KÖP Match"))
