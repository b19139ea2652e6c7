"""The index's background job: a full refit, saved as the snapshot every worker loads."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l

from app.clock import utcnow
from app.index.changes import prune_changes
from app.index.state import build
from app.jobs.registry import task


@task("index.refit", label=_l("Refit the suggestion index"))
def index_refit():
    """Fit the matchers on the database now and save a snapshot every worker will load."""
    engine = build(install=True)
    pruned = prune_changes(engine.watermark, utcnow() - timedelta(hours=1))
    return {
        "snapshot": engine.snapshot,
        "watermark": engine.watermark,
        "profiles": engine.profiles.n_documents_,
        "projects": engine.projects.n_documents_,
        "pruned_changes": pruned,
    }
