"""The start page and each user's dashboard."""

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from app.main import bp
from app.main.services import dashboard_for, platform_overview


@bp.route("/")
def index():
    """Send logged-in users to their dashboard and everyone else to the login page."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return redirect(url_for("auth.login"))


@bp.route("/dashboard")
@login_required
def dashboard():
    """A member's municipality, its profile and its projects; for an admin, the platform."""
    if current_user.is_admin:
        return render_template("main/platform.html", **platform_overview())
    return render_template("main/dashboard.html", **dashboard_for(current_user))
