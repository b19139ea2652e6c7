"""The corpus version: bumped with every change to what the matcher reads."""

from app.clock import utcnow
from app.extensions import db
from app.models import CorpusVersion


def bump_corpus_version():
    """Increase the version in the caller's transaction (committed with the change)."""
    row = db.session.get(CorpusVersion, 1)
    if row is None:
        row = CorpusVersion(id=1, version=0)
        db.session.add(row)
    row.version = (row.version or 0) + 1
    row.updated_at = utcnow()
    return row.version


def corpus_version():
    """The current version (0 before the first change)."""
    row = db.session.get(CorpusVersion, 1)
    return row.version if row else 0
