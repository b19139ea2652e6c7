"""/api/v1/: what a logged-in member sees on the pages, for their own tools.

Every endpoint asks the same question its page asks (``can_be_managed_by`` for a project's
suggestions; any member for the directory, profiles, open projects and the history).
"""

from flask import abort
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.orm import selectinload

from app.access import require
from app.api import schemas
from app.api.auth import TokenError, authenticate
from app.api.paging import paginate
from app.api.rows import (
    cooperation_row,
    municipality_detail,
    municipality_status,
    profile_row,
    project_row,
    suggestion_row,
    theme_row,
)
from app.area import country_order
from app.errors import json_error
from app.exports import public_tables
from app.extensions import db
from app.history.services import cooperations_query
from app.matches.suggestions import projects_for, suggest
from app.models import Municipality, Profile, Project, Theme
from app.models.geography import recorded_names
from app.projects.services import search_query

N_ = str  # marks summaries for the catalog; the docs page translates them when shown

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1", description=N_("Read API (token)"))


@bp.before_request
def require_token():
    try:
        authenticate()
    except TokenError as error:
        return json_error(401, str(error))
    return None


def _or_404(row):
    if row is None:
        abort(404)
    return row


@bp.route("/municipalities")
@bp.etag
@bp.arguments(schemas.MunicipalityArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.page_of(schemas.MunicipalityStatus, "MunicipalityPage"))
@bp.doc(summary=N_("Municipalities with their profile status"))
def municipalities(page, per_page, country=None, region=None):
    query = db.select(Municipality).options(selectinload(Municipality.profile))
    if country:
        query = query.where(Municipality.country == country)
    if region:
        query = query.where(Municipality.recorded_region.in_(recorded_names(region)))
    query = query.order_by(
        country_order(Municipality.country), Municipality.recorded_region, Municipality.name
    )
    return paginate(query, page, per_page, municipality_status)


@bp.route("/municipalities/<code>")
@bp.etag
@bp.response(200, schemas.MunicipalityDetail)
@bp.doc(summary=N_("One municipality and its profile"))
def municipality(code):
    return municipality_detail(_or_404(Municipality.by_code(code[:8])))


@bp.route("/profiles")
@bp.etag
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.page_of(schemas.Profile, "ProfilePage"))
@bp.doc(summary=N_("Municipality profiles: themes, needs and offers"))
def profiles(page, per_page):
    query = (
        db.select(Profile)
        .join(Profile.municipality)
        .options(selectinload(Profile.themes), selectinload(Profile.municipality))
        .order_by(country_order(Municipality.country), Municipality.name)
    )
    return paginate(query, page, per_page, profile_row)


@bp.route("/projects")
@bp.etag
@bp.arguments(schemas.ProjectArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.page_of(schemas.Project, "ProjectPage"))
@bp.doc(summary=N_("Open projects, filtered as on the project list"))
def projects(page, per_page, country=None, region=None, theme=None, form=None, horizon=None,
             q=None):  # fmt: skip
    theme_id = None
    if theme:
        theme_id = db.session.execute(
            db.select(Theme.id).where(Theme.code == theme[:40])
        ).scalar_one_or_none()
        if theme_id is None:
            return paginate(None, page, per_page, project_row)
    query = search_query(country, region, theme_id, form, horizon, (q or "")[:200])
    return paginate(query, page, per_page, project_row)


@bp.route("/projects/<int(max=2147483647):project_id>")
@bp.etag
@bp.response(200, schemas.Project)
@bp.doc(summary=N_("One project"))
def project(project_id):
    return project_row(_or_404(db.session.get(Project, project_id)))


@bp.route("/projects/<int(max=2147483647):project_id>/suggestions")
@bp.etag
@bp.arguments(schemas.SuggestionArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.list_of(schemas.Suggestion, "SuggestionList"))
@bp.doc(summary=N_("A project's suggested partners, explained (its municipality and admins)"))
def suggestions(project_id, region=None, form=None, new=False):
    project = _or_404(db.session.get(Project, project_id))
    require(project.can_be_managed_by(current_user))
    rows = suggest(project, region=region, cooperation_form=form, new_only=new)
    return {"items": [suggestion_row(row) for row in rows]}


@bp.route("/for-us")
@bp.etag
@bp.response(200, schemas.list_of(schemas.ProjectForUs, "ProjectForUsList"))
@bp.doc(summary=N_("Projects on the other side looking for your municipality"))
def for_us():
    rows = projects_for(current_user.municipality, limit=20)
    return {
        "items": [
            {
                **suggestion_row({"match": r["match"], "rank": i}),
                "project": project_row(r["project"]),
            }
            for i, r in enumerate(rows, start=1)
        ]
    }


@bp.route("/cooperations")
@bp.etag
@bp.arguments(schemas.CooperationArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.page_of(schemas.Cooperation, "CooperationPage"))
@bp.doc(summary=N_("The cooperation history, as on the municipality pages"))
def cooperations(page, per_page, municipality=None):
    owner = None
    if municipality:
        owner = _or_404(Municipality.by_code(municipality))
    return paginate(cooperations_query(owner), page, per_page, cooperation_row)


@bp.route("/themes")
@bp.etag
@bp.response(200, schemas.list_of(schemas.Theme, "ThemeList"))
@bp.doc(summary=N_("The theme taxonomy, labelled in every language of the area"))
def themes():
    rows = db.session.execute(public_tables.themes_query()).scalars()
    return {"items": [theme_row(t) for t in rows]}

