"""Project pages: browse, post, show, edit, close, reopen, extend."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import managed_or_abort
from app.extensions import db
from app.fields import FieldError
from app.models import Project
from app.models.geography import regions_by_country, wished_on
from app.projects import bp, services
from app.projects.filters import browse_filters, query_params
from app.projects.forms import ProjectForm
from app.requests import arg_int
from app.themes import active_themes


@bp.route("/projects")
@login_required
def browse():
    """Open projects across the platform, filtered and searched, newest first."""
    filters = browse_filters()
    query, per_page = services.search_query(**filters), current_app.config["PROJECTS_PER_PAGE"]
    page = db.paginate(query, page=arg_int("page", 1), per_page=per_page, error_out=False)
    if page.pages and page.page > page.pages:  # past the end (an old link): the last page
        page = db.paginate(query, page=page.pages, per_page=per_page, error_out=False)
    return render_template(
        "projects/browse.html",
        page=page,
        filters=filters,
        themes=active_themes(),
        regions=regions_by_country(),
        query_params=query_params(filters),
    )


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def new():
    """Post a project for the user's municipality."""
    form = ProjectForm(current_user.municipality.country)
    if request.method == "GET":
        form.expires_at.data = services.default_expiry()
    if form.validate_on_submit():
        try:
            project = services.create_project(current_user, form.service_data())
        except FieldError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash(_("The project has been posted."), "success")
            return redirect(url_for("projects.show", project_id=project.id))
    return render_template("projects/form.html", form=form, project=None), (
        400 if form.errors else 200
    )


@bp.route("/projects/<int:project_id>")
@login_required
def show(project_id):
    """One project with its owner municipality."""
    project = db.get_or_404(Project, project_id)
    return render_template(
        "projects/show.html", project=project, can_manage=project.can_be_managed_by(current_user)
    )


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit(project_id):
    """Edit a project (members of the owner municipality and admins)."""
    project = managed_or_abort(Project, project_id)
    form = ProjectForm(project.municipality.country, obj=project)
    if request.method == "GET":
        form.themes.data = [t.id for t in project.themes]
        form.expires_at.data = project.expires_at.date()
        # Regions that have ended since it was posted stand for their successor now.
        form.wished_regions.data = wished_on(project.wished_regions)
    if form.validate_on_submit():
        try:
            services.update_project(current_user, project, form.service_data())
        except FieldError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash(_("The project has been saved."), "success")
            return redirect(url_for("projects.show", project_id=project.id))
    return render_template("projects/form.html", form=form, project=project), (
        400 if form.errors else 200
    )


@bp.route("/projects/<int:project_id>/<any(close, reopen, extend):action>", methods=["POST"])
@login_required
def change_status(project_id, action):
    """Close, reopen or extend a project."""
    project = managed_or_abort(Project, project_id)  # CSRFProtect has checked the token
    if action == "extend":
        services.extend_project(current_user, project)
        flash(_("The project is open for partners for another twelve months."), "success")
    else:
        services.set_status(current_user, project, "open" if action == "reopen" else "closed")
        flash(
            _("The project has been reopened.")
            if action == "reopen"
            else _("The project has been closed."),
            "success",
        )
    return redirect(url_for("projects.show", project_id=project.id))
