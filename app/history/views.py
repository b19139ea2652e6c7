"""Admin pages of the cooperation history: list, add, edit, delete (audited)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import admin_required
from app.extensions import db
from app.history import bp, services
from app.history.forms import CooperationForm
from app.models import Cooperation


@bp.route("/")
@admin_required
def index():
    """Every cooperation in the history, newest first, filterable by municipality."""
    code = request.args.get("municipality") or None
    return render_template(
        "admin/history.html", rows=services.listing(code),
        municipalities=services.member_choices(), selected=code,
    )  # fmt: skip


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:cooperation_id>", methods=["GET", "POST"])
@admin_required
def edit(cooperation_id=None):
    """Add a cooperation, or change one."""
    coop = db.get_or_404(Cooperation, cooperation_id) if cooperation_id else None
    form = CooperationForm(obj=coop)
    if request.method == "GET" and coop is not None:
        form.members.data = [m.id for m in coop.members]
        form.themes.data = [t.id for t in coop.themes]
    if form.validate_on_submit():
        services.save_cooperation(current_user, coop, form.service_data())
        flash(_("The cooperation has been saved."), "success")
        return redirect(url_for("history.index"))
    status = 400 if form.errors else 200
    return render_template("admin/history_form.html", form=form, coop=coop), status


@bp.route("/<int:cooperation_id>/delete", methods=["POST"])
@admin_required
def delete(cooperation_id):
    """Remove a cooperation from the history."""
    coop = db.get_or_404(Cooperation, cooperation_id)
    services.delete_cooperation(current_user, coop)
    flash(_("The cooperation has been removed from the history."), "success")
    return redirect(url_for("history.index"))
