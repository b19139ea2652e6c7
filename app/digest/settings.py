"""A user's choices about email: how often the digest comes and in which language (audited)."""

from app.audit import record_event
from app.extensions import db


def save_settings(user, digest_frequency, locale):
    """The user's own choice of digest frequency and language."""
    before = {"digest_frequency": user.digest_frequency, "locale": user.locale}
    user.digest_frequency, user.locale = digest_frequency, locale
    after = {"digest_frequency": digest_frequency, "locale": locale}
    if before != after:
        record_event(user, "user.settings", user, before, after)
    db.session.commit()


def unsubscribe(user):
    """Stop the digest (the one-click link in every digest: no login needed)."""
    if user.digest_frequency != "off":
        record_event(None, "user.unsubscribe", user, {"digest_frequency": user.digest_frequency},
                     {"digest_frequency": "off"})  # fmt: skip
        user.digest_frequency = "off"
    db.session.commit()
