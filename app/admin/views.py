"""Admin pages: users and invitations."""

import json

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.access import admin_required
from app.admin import bp, services
from app.admin.forms import InviteForm
from app.auth import privacy
from app.auth import services as accounts
from app.extensions import db
from app.fields import FieldError
from app.models import Municipality, User
from app.models.users import ROLES


def _municipality_choices():
    return [SelectChoice(m.id, m.name, optgroup=m.region)
            for m in services.municipality_choices()]  # fmt: skip


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    """List accounts and invite a new user by email."""
    form = InviteForm()
    form.municipality.choices = _municipality_choices()
    if form.validate_on_submit():
        municipality = db.get_or_404(Municipality, form.municipality.data)
        try:
            accounts.invite_user(
                current_user,
                form.email.data,
                form.name.data,
                municipality,
                form.role.data,
                form.locale.data,
            )
        except accounts.AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("admin.users"))
    rows = services.users_listing()
    status = 400 if form.errors else 200
    return render_template(
        "admin/users.html",
        form=form,
        users=rows,
        without_users=services.municipalities_without_users(),
    ), status


@bp.route("/users/<int:user_id>", methods=["POST"])
@admin_required
def change_user(user_id):
    """Change a user's role, or deactivate / reactivate the account."""
    user = db.get_or_404(User, user_id)
    action = request.form.get("action")
    try:
        if action in ROLES:
            services.change_role(current_user, user, action)
        elif action in ("activate", "deactivate"):
            services.set_active(current_user, user, action == "activate")
        elif action == "resend":
            services.resend_invitation(current_user, user)
            flash(_("A new invitation has been sent to %(email)s.", email=user.email), "success")
            return redirect(url_for("admin.users"))
        elif action == "delete":
            if user.id == current_user.id:
                raise FieldError("active", _l("Delete your own account on your settings page."))
            privacy.delete_account(current_user, user)
            flash(_("The account has been deleted; its actions stay under a pseudonym."), "success")
            return redirect(url_for("admin.users"))
        else:
            abort(400)
    except FieldError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.users")), 303
    flash(_("%(email)s has been updated.", email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/data")
@admin_required
def user_data(user_id):
    """Everything stored about a user, as JSON (a subject access request)."""
    user = db.get_or_404(User, user_id)
    body = json.dumps(privacy.export_user_data(user), ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="user-{user.id}.json"'
    return response
