"""The digest's background job (cron may queue it instead of running `flask digest send`)."""

from dataclasses import asdict
from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.clock import utcnow
from app.digest.services import send_digests
from app.jobs.registry import task


@task("digest.send", label=_l("Send the digest"))
def digest_send(frequency=None, now=None):
    """Send the digest to every user it is due for (exactly once per item)."""
    moment = datetime.fromisoformat(now) if now else utcnow()
    report, _digests = send_digests(moment, frequency=frequency)
    return asdict(report)
