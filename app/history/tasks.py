"""The history's background job: importing a file of cooperation records."""

from flask_babel import lazy_gettext as _l

from app.history.records import read_lines
from app.history.services import import_records
from app.jobs.registry import task


@task("history.import", label=_l("Import cooperation history"))
def history_import(path):
    """Import cooperation records from a JSON Lines file (all or nothing, idempotent)."""
    report = import_records(read_lines(path))
    if report.errors:  # nothing was imported; a retry would fail the same way
        errors = "; ".join(map(str, report.errors[:5]))
        raise ValueError(f"{len(report.errors)} bad line(s), nothing imported: {errors}")
    return {"created": report.created, "updated": report.updated,
            "unchanged": report.unchanged}  # fmt: skip
