"""Municipality pages, the directory and the profile form."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import require
from app.fields import FieldError
from app.history.services import cooperations_of
from app.models import Municipality
from app.models.geography import regions_by_country
from app.profiles import bp, services
from app.profiles.forms import ProfileForm
from app.projects.filters import directory_filters
from app.projects.services import open_projects_of
from app.themes import active_themes


def _municipality_or_404(code):
    municipality = Municipality.by_code(code)
    if municipality is None:
        abort(404)
    return municipality


@bp.route("/municipalities")
@login_required
def directory():
    """All the area's municipalities with their profile status, filterable."""
    country, region, theme_id = directory_filters()
    rows = services.directory(country, region, theme_id)
    return render_template(
        "municipalities/directory.html",
        rows=[(m, services.completeness(m.profile)[0]) for m in rows],
        themes=active_themes(),
        regions=regions_by_country(),
        filters={"country": country, "region": region, "theme": theme_id},
    )


@bp.route("/municipalities/<code>")
@login_required
def show(code):
    """A municipality: facts, its profile and its open projects."""
    municipality = _municipality_or_404(code)
    percent, missing = services.completeness(municipality.profile)
    return render_template(
        "municipalities/show.html",
        municipality=municipality,
        profile=municipality.profile,
        percent=percent,
        missing=missing,
        projects=open_projects_of(municipality),
        cooperations=cooperations_of(municipality),
        can_edit=municipality.can_be_managed_by(current_user),
    )


@bp.route("/municipalities/<code>/profile", methods=["GET", "POST"])
@login_required
def edit(code):
    """Edit the profile (members of the municipality and admins)."""
    municipality = _municipality_or_404(code)
    require(municipality.can_be_managed_by(current_user))
    profile = municipality.profile
    form = ProfileForm(services.members_of(municipality), obj=profile)
    if request.method == "GET" and profile is not None:
        form.themes.data = [t.id for t in profile.themes]
        form.contact_user.data = profile.contact_user_id or 0
    status = 200
    if form.validate_on_submit():
        try:
            services.update_profile(current_user, municipality, form.service_data())
        except services.EditConflict as conflict:
            flash(str(conflict), "error")
            form.version.data = conflict.profile.version  # saving again replaces theirs
            status = 409
        except FieldError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash(_("The profile has been saved."), "success")
            return redirect(url_for("profiles.show", code=municipality.code))
    if form.errors:
        status = 400
    return render_template("profiles/edit.html", form=form, municipality=municipality), status
