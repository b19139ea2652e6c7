"""Download routes. Each checks exactly what its page checks, then hands a table over."""

import io
import zipfile

from flask import Response, abort, render_template, request
from flask_login import current_user, login_required

from app.access import admin_required, managed_or_abort
from app.exports import bp, public_tables, tables
from app.exports.formats import FORMATS, csv_bytes, send_table
from app.fields import parse_date
from app.matches.filters import suggestion_filters
from app.matches.suggestions import suggest
from app.models import Project
from app.models.geography import show_as_of
from app.profiles import services as profile_services
from app.projects.filters import browse_filters, directory_filters
from app.projects.services import search_query
from app.reference import sources_text

FORMAT = "<any(csv, xlsx):fmt>"


@bp.route(f"/projects/<int:project_id>/suggestions/export.{FORMAT}")
@login_required
def suggestions(project_id, fmt):
    """The suggestions page of a project, with the same region and form filters."""
    project = managed_or_abort(Project, project_id)
    region, form, new_only = suggestion_filters(project)
    rows = suggest(project, region=region, cooperation_form=form, new_only=new_only)
    return send_table(
        tables.suggestions_table(project, rows), fmt, f"suggestions-project-{project.id}"
    )


@bp.route(f"/contacts/export.{FORMAT}")
@login_required
def contacts(fmt):
    return send_table(tables.contacts_table(current_user), fmt, "contacts")


@bp.route(f"/projects/export.{FORMAT}")
@login_required
def projects(fmt):
    """Every open project the list shows with its filters (all pages, not only the first)."""
    return send_table(tables.projects_table(search_query(**browse_filters())), fmt, "projects")


@bp.route(f"/municipalities/export.{FORMAT}")
@login_required
def directory(fmt):
    rows = profile_services.directory(*directory_filters())
    return send_table(tables.directory_table(rows), fmt, "municipalities")


@bp.route(f"/admin/stats/export.{FORMAT}")
@admin_required
def stats(fmt):
    return send_table(tables.stats_table(), fmt, "statistics")


@bp.route(f"/admin/history/export.{FORMAT}")
@admin_required
def history(fmt):
    return send_table(tables.history_table(), fmt, "cooperation-history")


# -- open data: public, anonymous, read-only -------------------------------------------------
@bp.route("/open-data/")
def open_data():
    """What anyone may download, with the attribution that travels with it."""
    return render_template(
        "exports/open_data.html",
        datasets=public_tables.DATASETS,
        formats=FORMATS,
        attribution=public_tables.attribution(),
        municipality_count=public_tables.municipality_count(),
    )


def _as_of_asked():
    """Open data as on ``?on=YYYY-MM-DD`` (the regions valid that day); default today."""
    asked = request.args.get("on")
    if not asked:
        return
    day = parse_date(asked)
    if day is None:
        abort(400)
    show_as_of(day)


@bp.route(f"/open-data/<any(municipalities, themes, cooperations):name>.{FORMAT}")
def open_data_file(name, fmt):
    _as_of_asked()
    return send_table(public_tables.table(name), fmt, f"kop-match-{name}")


@bp.route("/open-data/SOURCES.md")
def open_data_sources():
    return Response(sources_text(), mimetype="text/markdown; charset=utf-8")


@bp.route("/open-data/kop-match-open-data.zip")
def open_data_bundle():
    """Every public table as CSV plus SOURCES.md, in one file."""
    _as_of_asked()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in public_tables.DATASETS:
            bundle.writestr(f"{name}.csv", csv_bytes(public_tables.table(name)))
        bundle.writestr("SOURCES.md", sources_text())
        bundle.writestr("ATTRIBUTION.txt", "\n".join(public_tables.attribution()) + "\n")
    response = Response(out.getvalue(), mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="kop-match-open-data.zip"'
    return response
