"""`flask digest send`: build due users' digests, record them, and send them (with the rest
of the queued mail) through the outbox, exactly once."""

from dataclasses import dataclass

from app.digest.content import build_digests, due_users
from app.digest.delivery import has_pending, queue_unqueued, record
from app.extensions import db
from app.matches.suggestions import refresh_all
from app.outbox.services import deliver_all_due


@dataclass
class DigestReport:
    due: int = 0
    with_news: int = 0
    recorded: int = 0
    skipped: int = 0  # claimed by an overlapping run
    sent: int = 0  # mail sent by this run: the digests and any other mail that was due
    failed: int = 0


def send_digests(now, frequency=None, dry_run=False):
    """Digest every due user (optionally of one frequency) as of ``now``.

    With ``dry_run`` no digest is recorded or sent: the report says what would go out.
    (Suggestions are refreshed either way: that only logs what the engine finds.)
    """
    report = DigestReport()
    refresh_all()  # so that candidates new since the last run are logged and dated
    users = due_users(now, frequency)
    # A user whose digest waits for a retry gets no second one meanwhile.
    waiting = has_pending(u.id for u in users)
    users = [u for u in users if u.id not in waiting]
    report.due = len(users)
    digests = build_digests(users, now)
    report.with_news = sum(1 for d in digests if d)
    if dry_run:
        db.session.rollback()
        return report, digests
    for digest in digests:
        if not digest:
            digest.user.last_digest_at = now  # nothing new: no email
            db.session.commit()
        elif record(digest, now):
            report.recorded += 1
        else:
            report.skipped += 1
    queue_unqueued()
    report.sent, report.failed = deliver_all_due(now)
    return report, digests
