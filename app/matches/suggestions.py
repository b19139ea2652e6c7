"""What the pages show: a project's suggested partners and the projects looking for a
municipality, as rows with everything a card needs (loaded in a fixed number of queries)."""

from sqlalchemy.orm import selectinload

from app.extensions import db
from app.matches import services
from app.matches.presentation import presented
from app.matches.suggestion_log import (
    contacted,
    dismissed_ids,
    log_shown,
)
from app.models import Municipality, Profile, Project, User
from app.models.geography import recorded_names


def suggest(project, region=None, cooperation_form=None, limit=10, new_only=False):
    """Ranked, explained candidates on the other side for ``project``; logs what is shown.

    ``new_only``: only municipalities its municipality has never cooperated with ("new to
    you": programmes ask for more than the same partnerships applying again)."""
    weights, weights_version = services.active_weights()
    exclude = dismissed_ids(project)
    if new_only:
        exclude |= services.past_partners(project.municipality_id)
    own = services.own_cooperations(project)  # read once: ranking and explaining skip them
    matches = services.rank_candidates(
        project, k=100, exclude=exclude, weights=weights, explain=False, own=own
    )
    matches = services.apply_exposure_cap(project, matches, weights)
    # What the filters need of each ranked candidate, in one light query; the ten shown
    # are loaded whole below.
    facts = {
        row.id: row
        for row in db.session.execute(
            db.select(Municipality.id, Municipality.recorded_region, Profile.cooperation_forms)
            .outerjoin(Profile, Profile.municipality_id == Municipality.id)
            .where(Municipality.id.in_([m.id for m in matches]))
        )
    }
    regions = recorded_names(region) if region else None
    shown = []
    for match in matches:
        row = facts.get(match.id)
        if row is None:
            continue
        if regions is not None and row.recorded_region not in regions:
            continue
        if cooperation_form and cooperation_form not in (row.cooperation_forms or []):
            continue
        shown.append(match)
        if len(shown) == limit:
            break
    ids = [match.id for match in shown]
    shown = services.explain_candidates(project, shown, weights, own=own)
    log_shown(project, shown, weights_version)  # written after the response, not in it
    contacts = contacted(project)
    # One query brings the shown municipalities back, with what their cards show.
    fresh = {
        m.id: m
        for m in db.session.execute(
            db.select(Municipality)
            .where(Municipality.id.in_(ids))
            .options(selectinload(Municipality.profile).selectinload(Profile.themes))
        ).scalars()
    }
    answered = set(
        db.session.execute(
            db.select(User.municipality_id).where(User.municipality_id.in_(ids), User.answers())
        ).scalars()
    )
    cards = presented(shown)
    home = project.municipality
    return [
        {
            "municipality": fresh[m_id],
            "profile": fresh[m_id].profile,
            "match": match,
            "rank": rank,
            "distance_km": round(home.distance_km(fresh[m_id])),
            "contact": contacts.get(m_id),
            "answered": m_id in answered,
            "shown": card,
        }
        for rank, (m_id, match, card) in enumerate(zip(ids, shown, cards, strict=True),
                                                   start=1)  # fmt: skip
    ]


def projects_for(municipality, limit=10, weights=None):
    """Open projects on the other side that fit ``municipality``'s profile, explained.

    ``weights`` lets a caller that asks for many municipalities read the weights once. A
    project that closed or expired since the index last heard of it is left out here too.
    """
    if municipality.profile is None:
        return []
    weights = services.active_weights()[0] if weights is None else weights
    matches = services.rank_projects_for(municipality, k=limit, weights=weights)
    projects = {
        p.id: p
        for p in db.session.execute(
            db.select(Project)
            .where(Project.id.in_([m.id for m in matches]), Project.is_open)
            .options(selectinload(Project.municipality), selectinload(Project.themes))
        ).scalars()
    }
    kept = [m for m in matches if m.id in projects]
    return [{"project": projects[m.id], "match": m, "shown": card}
            for m, card in zip(kept, presented(kept), strict=True)]  # fmt: skip


def refresh_all(on_project=None):
    """Recompute and log suggestions for every open project; returns how many."""
    projects = (
        db.session.execute(db.select(Project).where(Project.is_open).order_by(Project.id))
        .scalars()
        .all()
    )
    for project in projects:
        suggest(project)
        if on_project is not None:
            on_project(project)
    return len(projects)
