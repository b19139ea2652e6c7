"""What was suggested and what users did with it: the log of shown suggestions (for
evaluation and the digest), dismissals, contacts per project, and the exposure cap that
reads the log. Database only: the engine is reached through services.py."""

import json
import logging
from datetime import timedelta

from flask import after_this_request, current_app, has_request_context
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from app.audit import record_event
from app.clock import utcnow
from app.extensions import db
from app.models import Contact, Project, Suggestion

log = logging.getLogger(__name__)


def dismissed_ids(project):
    return set(
        db.session.execute(
            db.select(Suggestion.municipality_id).where(
                Suggestion.project_id == project.id, Suggestion.dismissed_at.is_not(None)
            )
        ).scalars()
    )


def contacted(project):
    """Contacts of a project by receiving municipality id."""
    rows = db.session.execute(db.select(Contact).where(Contact.project_id == project.id))
    return {c.to_municipality_id: c for c in rows.scalars()}


def exposure_counts(project, k=10):
    """(lists, {municipality id: the other open projects' top-ten lists it is in}) from the
    log of what was shown (the exposure cap reads it)."""
    others = db.select(Project.id).where(Project.is_open, Project.id != project.id)
    n_lists = db.session.execute(db.select(func.count()).select_from(others.subquery())).scalar()
    shown = dict(
        db.session.execute(
            db.select(Suggestion.municipality_id, func.count())
            .where(
                Suggestion.project_id.in_(others),
                Suggestion.rank.between(1, k),
                Suggestion.dismissed_at.is_(None),
            )
            .group_by(Suggestion.municipality_id)
        ).all()
    )
    return n_lists + 1, shown


# How precisely "last seen" is kept: a page seen again within this time writes nothing.
SEEN_RESOLUTION = timedelta(minutes=15)


def log_shown(project, shown, weights_version):
    """Record what was shown, ``shown`` being the page's explained matches in order (for
    the digest's "new suggestions" and the evidence).

    A page never writes while it is being read: in a request the log is written once the
    response has gone out, in a session of its own; elsewhere (the CLI, the jobs) at once.
    """
    entries = [
        (match.id, rank, match.score, json.loads(json.dumps(match.components)),
         json.loads(json.dumps(match.explanation)))
        for rank, match in enumerate(shown, start=1)
    ]  # fmt: skip
    if not has_request_context():
        _write_log_retrying(project.id, entries, weights_version)
        return
    app, project_id = current_app._get_current_object(), project.id

    @after_this_request
    def _later(response):
        response.call_on_close(lambda: _write_in(app, project_id, entries, weights_version))
        return response


def _write_in(app, project_id, entries, weights_version):
    with app.app_context():
        try:
            _write_log_retrying(project_id, entries, weights_version)
        except Exception:  # noqa: BLE001 - a log that failed must not fail a page
            db.session.rollback()
            log.exception("the suggestion log of project %s was not written", project_id)
        finally:
            db.session.remove()


def _write_log_retrying(project_id, entries, weights_version):
    """A concurrent request logging the same rows wins the race."""
    for _attempt in range(3):
        try:
            _write_log(project_id, entries, weights_version)
            return
        except IntegrityError:
            db.session.rollback()


def _write_log(project_id, entries, weights_version):
    now = utcnow()
    existing = {
        s.municipality_id: s
        for s in db.session.execute(
            db.select(Suggestion).where(Suggestion.project_id == project_id)
        ).scalars()
    }
    for municipality_id, rank, score, components, explanation in entries:
        row = existing.get(municipality_id)
        if row is None:
            row = Suggestion(
                project_id=project_id, municipality_id=municipality_id, first_seen_at=now
            )
            db.session.add(row)
        # Write only what changed: a page seen again costs no UPDATE (JSON as stored).
        values = {
            "score": score,
            "rank": rank,
            "components": components,
            "explanation": explanation,
            "weights_version": weights_version,
        }
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        if row.last_seen_at is None or now - row.last_seen_at >= SEEN_RESOLUTION:
            row.last_seen_at = now
    db.session.commit()


def dismiss(user, project, municipality, reason):
    """Hide a candidate from a project's suggestions for good (sticky), with a reason."""
    row = db.session.execute(
        db.select(Suggestion).where(
            Suggestion.project_id == project.id, Suggestion.municipality_id == municipality.id
        )
    ).scalar_one_or_none()
    if row is None:
        row = Suggestion(project_id=project.id, municipality_id=municipality.id, score=0.0, rank=0)
        db.session.add(row)
    row.dismissed_at = utcnow()
    row.dismissed_by_id = user.id
    row.dismiss_reason = (reason or "").strip()[:500]
    db.session.flush()
    record_event(
        user,
        "suggestion.dismiss",
        row,
        None,
        {"project": project.title, "municipality": municipality.name, "reason": row.dismiss_reason},
    )
    db.session.commit()
    return row


def undo_dismiss(user, project, municipality):
    """Suggest a dismissed candidate again (audited)."""
    row = db.session.execute(
        db.select(Suggestion).where(
            Suggestion.project_id == project.id, Suggestion.municipality_id == municipality.id,
            Suggestion.dismissed_at.is_not(None),
        )
    ).scalar_one_or_none()  # fmt: skip
    if row is None:
        return None
    row.dismissed_at = row.dismissed_by_id = row.dismiss_reason = None
    record_event(user, "suggestion.undismiss", row, None,
                 {"project": project.title, "municipality": municipality.name})  # fmt: skip
    db.session.commit()
    return row


def ground_truth():
    """({project id: accepted municipality ids}, {project id: dismissed municipality ids})."""
    positives, negatives = {}, {}
    for project_id, municipality_id in db.session.execute(
        db.select(Contact.project_id, Contact.to_municipality_id).where(
            Contact.status == "accepted"
        )
    ):
        positives.setdefault(project_id, set()).add(municipality_id)
    for project_id, municipality_id in db.session.execute(
        db.select(Suggestion.project_id, Suggestion.municipality_id).where(
            Suggestion.dismissed_at.is_not(None)
        )
    ):
        negatives.setdefault(project_id, set()).add(municipality_id)
    return positives, negatives
