"""The outbox's background job: send the queued mail that is due."""

from flask_babel import lazy_gettext as _l

from app.jobs.registry import task
from app.outbox.services import deliver_all_due


@task("mail.flush", label=_l("Send queued mail"))
def mail_flush():
    """Send the queued mail that is due (contacts, answers, invitations, resets, digests)."""
    sent, failed = deliver_all_due()
    return {"sent": sent, "failed": failed}
