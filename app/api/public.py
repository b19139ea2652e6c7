"""/api/v1/public/: anonymous, read-only open data (what is public anyway), with attribution."""

from flask_smorest import Blueprint

from app.api import schemas
from app.api.paging import paginate
from app.exports import public_tables
from app.models.geography import show_as_of

N_ = str  # marks summaries for the catalog; the docs page translates them when shown

bp = Blueprint(
    "api_public", __name__, url_prefix="/api/v1/public", description=N_("Open data (no token)")
)
PUBLIC = [{}]  # OpenAPI: no security requirement


def _extra():
    return {"attribution": public_tables.attribution()}


@bp.route("/municipalities")
@bp.etag
@bp.arguments(schemas.DatedPageArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.page_of(schemas.Municipality, "PublicMunicipalityPage", public=True))
@bp.doc(summary=N_("The municipalities of the area, with the region each is in on a day"),
        security=PUBLIC)  # fmt: skip
def municipalities(page, per_page, on=None):
    if on is not None:
        show_as_of(on)
    return paginate(
        public_tables.municipalities_query(), page, per_page, public_tables.municipality_row,
        _extra(),
    )  # fmt: skip


@bp.route("/themes")
@bp.etag
@bp.response(200, schemas.list_of(schemas.Theme, "PublicThemeList", public=True))
@bp.doc(summary=N_("The theme taxonomy"), security=PUBLIC)
def themes():
    return {"items": public_tables.rows("themes"), **_extra()}


@bp.route("/cooperations")
@bp.etag
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.page_of(schemas.Cooperation, "PublicCooperationPage", public=True))
@bp.doc(summary=N_("The facts of the public cooperation records"), security=PUBLIC)
def cooperations(page, per_page):
    return paginate(
        public_tables.cooperations_query(), page, per_page, public_tables.cooperation_row,
        _extra(),
    )  # fmt: skip
