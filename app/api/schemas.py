"""What the read API returns and accepts (marshmallow; flask-smorest makes the OpenAPI from it)."""

from marshmallow import Schema, ValidationError, fields, validate

from app.area import current_area
from app.choices import COOPERATION_FORMS, HORIZONS
from app.models.geography import is_region


def _a_region(value):
    """A region by today's name or an older one (it still finds its municipalities)."""

    if not is_region(value):
        raise ValidationError("Unknown region.")


def _a_country(value):
    """One of the area's countries (ISO 3166 codes: SE, DK …)."""

    if value not in current_area().country_codes:
        raise ValidationError("Unknown country.")


MAX_PER_PAGE = 100


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, MAX_PER_PAGE))


class DatedPageArgs(PageArgs):
    on = fields.Date(metadata={"description": "Regions as on this day (YYYY-MM-DD); "
                               "default today"})  # fmt: skip


class MunicipalityArgs(PageArgs):
    country = fields.String(validate=_a_country)
    region = fields.String(validate=_a_region)


class ProjectArgs(MunicipalityArgs):
    theme = fields.String(metadata={"description": "A theme code (see /themes)."})
    form = fields.String(validate=validate.OneOf(list(COOPERATION_FORMS)))
    horizon = fields.String(validate=validate.OneOf(list(HORIZONS)))
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "Free text"})


class SuggestionArgs(Schema):
    region = fields.String(validate=_a_region)
    new = fields.Boolean(load_default=False, metadata={
        "description": "Only municipalities the project's municipality has not worked with"})
    form = fields.String(validate=validate.OneOf(list(COOPERATION_FORMS)))


class CooperationArgs(PageArgs):
    municipality = fields.String(
        validate=validate.Length(max=8), metadata={"description": "A municipality code"}
    )


class Error(Schema):
    code = fields.String(required=True, metadata={"example": "not_found"})
    message = fields.String(required=True)
    errors = fields.Dict(metadata={"description": "Invalid parameters, by location and name"})


class Municipality(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    official_name = fields.String()
    country = fields.String()
    region = fields.String()
    seat = fields.String()
    lat = fields.Float()
    lon = fields.Float()
    population = fields.Integer(allow_none=True, metadata={"description": "None: not known"})
    population_date = fields.String()
    programmes = fields.String(metadata={"description": "Programme areas it is in (; between)"})


class MunicipalityStatus(Municipality):
    has_profile = fields.Boolean()
    profile_complete = fields.Integer(metadata={"description": "Per cent of the profile filled"})


class Profile(Schema):
    municipality = fields.String(required=True, metadata={"description": "Municipality code"})
    description = fields.String()
    needs = fields.String()
    offers = fields.String()
    themes = fields.List(fields.String())
    cooperation_forms = fields.List(fields.String())
    working_languages = fields.List(fields.String())
    updated_at = fields.DateTime()


class MunicipalityDetail(MunicipalityStatus):
    profile = fields.Nested(Profile, allow_none=True)


class Project(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    municipality = fields.String(metadata={"description": "Municipality code of the owner"})
    municipality_name = fields.String()
    country = fields.String()
    summary = fields.String()
    needs = fields.String()
    offers = fields.String()
    themes = fields.List(fields.String())
    cooperation_form = fields.String()
    horizon = fields.String()
    wished_regions = fields.List(
        fields.String(), metadata={"description": "As they are named today"})
    wished_regions_as_posted = fields.List(fields.String())
    status = fields.String()
    open = fields.Boolean()
    created_at = fields.DateTime()
    expires_at = fields.DateTime()


class Cooperation(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    programme = fields.String()
    start_year = fields.Integer(allow_none=True)
    end_year = fields.Integer(allow_none=True)
    ongoing = fields.Boolean()
    partners = fields.List(fields.String(), metadata={"description": "Municipality codes"})
    partner_names = fields.List(fields.String())
    themes = fields.List(fields.String())
    source_url = fields.String()


class Theme(Schema):
    code = fields.String(required=True)
    labels = fields.Dict(keys=fields.String(), values=fields.String(),
                         metadata={"description": "{language: label}, every language of the "
                                   "area and English"})  # fmt: skip
    label_sv = fields.String()
    label_da = fields.String()
    label_en = fields.String()


class Explained(Schema):
    rank = fields.Integer(required=True)
    score = fields.Float(required=True)
    strong = fields.Boolean(
        required=True,
        metadata={"description": "A strong match (score at or above the platform's "
                  "threshold); weaker ones are listed after, and never in digests"},
    )  # fmt: skip
    components = fields.Dict(
        keys=fields.String(), values=fields.Float(allow_none=True),
        metadata={"description": "Each component's score; null: nothing to compare"},
    )  # fmt: skip
    explanation = fields.String(metadata={"description": "Why, in the reader's language"})
    shared_themes = fields.List(fields.String())


class Suggestion(Explained):
    municipality = fields.Nested(Municipality, required=True)
    distance_km = fields.Integer()
    contact_status = fields.String(allow_none=True)


class ProjectForUs(Explained):
    project = fields.Nested(Project, required=True)


def page_of(item_schema, name, public=False):
    """An envelope schema: items plus where this page is in the whole list."""
    attrs = {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "page": fields.Integer(required=True),
        "per_page": fields.Integer(required=True),
        "total": fields.Integer(required=True),
        "pages": fields.Integer(required=True),
    }
    if public:
        attrs["attribution"] = fields.List(fields.String(), required=True)
    return Schema.from_dict(attrs, name=name)


def list_of(item_schema, name, public=False):
    attrs = {"items": fields.List(fields.Nested(item_schema), required=True)}
    if public:
        attrs["attribution"] = fields.List(fields.String(), required=True)
    return Schema.from_dict(attrs, name=name)
