"""Time helpers: the database stores naive UTC datetimes on every backend; the day shown is
the local day (regions change at local midnight)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, g, has_app_context, has_request_context


def utcnow():
    """Return the current time as a naive UTC datetime."""
    return datetime.now(UTC).replace(tzinfo=None)


def today():
    """The local day the pages show (``TODAY`` in the config fixes it: tests, demos)."""
    if has_request_context() and g.get("kop_day"):
        return g.kop_day  # the day a reader asked for (?on=YYYY-MM-DD on open data)
    if has_app_context():
        fixed = current_app.config.get("TODAY")
        if fixed:
            return fixed if isinstance(fixed, date) else date.fromisoformat(str(fixed))
        zone = current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Stockholm"
    else:
        zone = "Europe/Stockholm"
    return datetime.now(ZoneInfo(zone)).date()
