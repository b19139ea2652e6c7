"""What each job does. A task takes plain arguments and returns plain data (its result)."""

from datetime import timedelta

from app.clock import utcnow


def index_refit():
    """Fit the matchers on the database now and save a snapshot every worker will load."""
    from app.index.changes import prune_changes
    from app.index.state import build

    engine = build(install=True)
    pruned = prune_changes(engine.watermark, utcnow() - timedelta(hours=1))
    return {
        "snapshot": engine.snapshot,
        "watermark": engine.watermark,
        "profiles": engine.profiles.n_documents_,
        "projects": engine.projects.n_documents_,
        "pruned_changes": pruned,
    }


def matches_refresh():
    """Recompute and log the suggestions of every open project."""
    from app.matches.suggestions import refresh_all

    return {"projects": refresh_all()}


def digest_send(frequency=None, now=None):
    """Send the digest to every user it is due for (exactly once per item)."""
    from dataclasses import asdict
    from datetime import datetime

    from app.digest.services import send_digests

    moment = datetime.fromisoformat(now) if now else utcnow()
    report, _digests = send_digests(moment, frequency=frequency)
    return asdict(report)


def history_import(path):
    """Import cooperation records from a JSON Lines file (all or nothing, idempotent)."""
    from app.history.services import import_records

    with open(path, encoding="utf-8") as fh:
        report = import_records(fh)
    if report.errors:  # nothing was imported; a retry would fail the same way
        errors = "; ".join(map(str, report.errors[:5]))
        raise ValueError(f"{len(report.errors)} bad line(s), nothing imported: {errors}")
    return {"created": report.created, "updated": report.updated,
            "unchanged": report.unchanged}  # fmt: skip


TASKS = {
    "index.refit": index_refit,
    "matches.refresh": matches_refresh,
    "digest.send": digest_send,
    "history.import": history_import,
}
