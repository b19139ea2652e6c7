"""Time helpers: the database stores naive UTC datetimes on every backend."""

from datetime import UTC, datetime


def utcnow():
    """Return the current time as a naive UTC datetime."""
    return datetime.now(UTC).replace(tzinfo=None)
