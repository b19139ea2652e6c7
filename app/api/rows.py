"""Rows as the API gives them: plain dicts with codes, never more than the page shows."""

from datetime import UTC

from app.exports.public_tables import cooperation_row, municipality_row, theme_row  # noqa: F401
from app.matches.presentation import explanation_text
from app.matches.strength import is_strong
from app.models.geography import wished_on
from app.profiles.services import completeness
from app.profiles.services import snapshot as profile_snapshot
from app.projects.services import snapshot as project_snapshot


def utc(moment):
    """The database's naive UTC as an RFC 3339 date-time (with its offset)."""
    return moment.replace(tzinfo=UTC) if moment is not None else None


def municipality_status(m):
    return {
        **municipality_row(m),
        "has_profile": m.profile is not None,
        "profile_complete": completeness(m.profile)[0],
    }


def profile_row(profile):
    """The audit log's plain data of a profile, without who its contact person is."""
    data = profile_snapshot(profile)
    data.pop("contact_user_id")
    return {"municipality": profile.municipality.code, **data,
            "updated_at": utc(profile.updated_at)}  # fmt: skip


def municipality_detail(m):
    return {
        **municipality_status(m),
        "profile": profile_row(m.profile) if m.profile is not None else None,
    }


def project_row(project):
    """The audit log's plain data of a project, with its owner, openness and dates; wished
    regions as they are today (and as posted)."""
    m = project.municipality
    data = project_snapshot(project)
    posted = data.pop("wished_regions")
    return {
        "id": project.id,
        "municipality": m.code,
        "municipality_name": m.name,
        "country": m.country,
        **data,
        "wished_regions": wished_on(posted),
        "wished_regions_as_posted": posted,
        "open": bool(project.is_open),
        "created_at": utc(project.created_at),
        "expires_at": utc(project.expires_at),
    }


def suggestion_row(row):
    """A ranked match (a suggestion, or a project for us) with its explanation in words."""
    match = row["match"]
    out = {
        "rank": row["rank"],
        "score": round(match.score, 4),
        "components": {
            k: (None if v is None else round(v, 4)) for k, v in match.components.items()
        },
        "strong": is_strong(match),
        "explanation": explanation_text(match),
        "shared_themes": list(match.explanation.get("shared_themes") or ()),
    }
    if "municipality" in row:
        contact = row.get("contact")
        out.update(
            municipality=municipality_row(row["municipality"]),
            distance_km=row["distance_km"],
            contact_status=contact.status if contact else None,
        )
    return out
