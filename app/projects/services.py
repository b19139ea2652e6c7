"""Project services: create, edit, close, reopen, extend (audited); browse and search."""

from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case
from sqlalchemy import false as sa_false
from sqlalchemy.orm import selectinload

from app.audit import changed_fields, record_event
from app.choices import COOPERATION_FORMS, HORIZONS, other_side
from app.extensions import db
from app.fields import FieldError
from app.matches.services import search_ranking
from app.models import Municipality, Project, Theme, project_themes
from app.models.geography import lineage, recorded_names, regions_of
from app.themes import themes_by_ids

DEFAULT_LIFETIME_DAYS = 365
TEXT_FIELDS = ("title", "summary", "needs", "offers")


def default_expiry():
    return date.today() + timedelta(days=DEFAULT_LIFETIME_DAYS)


def _a_year_after(day):
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def snapshot(project):
    return {
        "title": project.title,
        "summary": project.summary,
        "needs": project.needs,
        "offers": project.offers,
        "themes": [t.code for t in project.themes],
        "cooperation_form": project.cooperation_form,
        "horizon": project.horizon,
        "wished_regions": list(project.wished_regions or []),
        "status": project.status,
        "expires_at": project.expires_at.isoformat() if project.expires_at else None,
    }


def _apply(project, data, owner_country):
    try:
        themes = themes_by_ids(data.get("themes"))
    except ValueError:
        raise FieldError("themes", _l("Choose themes from the list.")) from None
    if data.get("cooperation_form") not in COOPERATION_FORMS:
        raise FieldError("cooperation_form", _l("Choose from the list."))
    if data.get("horizon") not in HORIZONS:
        raise FieldError("horizon", _l("Choose from the list."))
    regions = list(data.get("wished_regions") or [])
    if set(regions) - set(regions_of(other_side(owner_country))):
        raise FieldError("wished_regions", _l("Choose regions on the other side of the border."))
    for field in TEXT_FIELDS:
        setattr(project, field, (data.get(field) or "").strip())
    project.themes = themes
    project.cooperation_form = data["cooperation_form"]
    project.horizon = data["horizon"]
    project.wished_regions = regions
    expiry = data.get("expires_at") or default_expiry()
    project.expires_at = datetime.combine(expiry, time(23, 59, 59))


def create_project(user, data):
    """Post a project for the user's municipality."""
    project = Project(municipality_id=user.municipality_id, created_by_id=user.id, status="open")
    _apply(project, data, user.municipality.country)
    db.session.add(project)
    db.session.flush()
    record_event(user, "project.create", project, None, snapshot(project))
    db.session.commit()
    return project


def update_project(user, project, data):
    """Edit a project (members of the owner municipality and admins)."""
    if not project.can_be_managed_by(user):
        raise PermissionError
    before = snapshot(project)
    _apply(project, data, project.municipality.country)
    _record_change(user, project, "project.update", before)
    return project


def set_status(user, project, status):
    """Close or reopen a project; reopening an expired one gives it a new default expiry."""
    if not project.can_be_managed_by(user):
        raise PermissionError
    before = snapshot(project)
    project.status = status
    if status == "open" and project.is_expired:
        project.expires_at = datetime.combine(default_expiry(), time(23, 59, 59))
    _record_change(user, project, f"project.{'reopen' if status == 'open' else 'close'}", before)
    return project


def extend_project(user, project):
    """Keep a project open twelve months longer: from its expiry (from today when it has
    expired), at most three years ahead, as the form allows."""
    if not project.can_be_managed_by(user):
        raise PermissionError
    before = snapshot(project)
    today = date.today()
    start = max(project.expires_at.date(), today) if project.expires_at else today
    until = min(_a_year_after(start), _a_year_after(_a_year_after(_a_year_after(today))))
    project.expires_at = datetime.combine(until, time(23, 59, 59))
    _record_change(user, project, "project.extend", before)
    return project


def _record_change(user, project, action, before):
    old, new = changed_fields(before, snapshot(project))
    if new:
        record_event(user, action, project, old, new)
    db.session.commit()


def open_projects_of(municipality):
    return (
        db.session.execute(
            db.select(Project)
            .where(Project.municipality_id == municipality.id, Project.is_open)
            .order_by(Project.created_at.desc())
        )
        .scalars()
        .all()
    )


def search_query(country=None, region=None, theme_id=None, form=None, horizon=None, text=None):
    """A select of open projects matching the filters, newest first."""
    query = db.select(Project).join(Project.municipality).where(Project.is_open)
    if country:
        query = query.where(Municipality.country == country)
    if region:
        query = query.where(Municipality.recorded_region.in_(recorded_names(region)))
    if theme_id:
        query = query.where(Project.themes.any(Theme.id == theme_id))
    if form:
        query = query.where(Project.cooperation_form == form)
    if horizon:
        query = query.where(Project.horizon == horizon)
    text = " ".join((text or "").split()[:8])
    if text:
        query = _by_relevance(query, text)
    else:
        query = query.order_by(Project.created_at.desc(), Project.id.desc())
    # Cards show the owner and the themes: load them with the page, not one query per card.
    return query.options(selectinload(Project.municipality), selectinload(Project.themes))


# How much a find counts in each part of a project (matching.search scores field by field).
SEARCH_FIELDS = (("title", 3.0), ("themes", 2.0), ("summary", 1.0), ("needs", 1.0),
                 ("offers", 1.0), ("place", 1.0))  # fmt: skip


def _by_relevance(query, text):
    """``query`` narrowed to the projects ``text`` finds, best first (then newest).

    The engine's search (stems in sv/da/en, the lexicon, cognates, compound heads): one
    search finds both sides' words for the same thing, in titles, texts and the labels of
    the projects' themes in every language.
    """
    rows = db.session.execute(
        query.with_only_columns(
            Project.id, Project.title, Project.summary, Project.needs, Project.offers,
            Municipality.name, Municipality.recorded_region,
        ).order_by(Project.created_at.desc(), Project.id.desc())
    ).all()  # fmt: skip
    labels = {}
    for project_id, *names in db.session.execute(
        db.select(project_themes.c.project_id, Theme.labels)
        .join(Theme, Theme.id == project_themes.c.theme_id)
        .where(project_themes.c.project_id.in_([row[0] for row in rows]))
    ):
        labels.setdefault(project_id, []).extend((names[0] or {}).values())

    texts = {
        row[0]: dict(zip(
            ("title", "summary", "needs", "offers"), row[1:5], strict=True),
            themes="; ".join(labels.get(row[0], ())),
            place=", ".join([row[5], *lineage(row[6])]))  # old region names still find
        for row in rows
    }  # fmt: skip
    found = search_ranking(text, texts, SEARCH_FIELDS)
    if not found:
        return query.where(sa_false())
    order = case({project_id: rank for rank, project_id in enumerate(found)}, value=Project.id)
    return query.where(Project.id.in_(found)).order_by(order)
