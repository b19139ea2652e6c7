"""The start page and each user's dashboard."""

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from app.main import bp
from app.main.services import dashboard_for


@bp.route("/")
def index():
    """Send logged-in users to their dashboard and everyone else to the login page."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return redirect(url_for("auth.login"))


@bp.route("/dashboard")
@login_required
def dashboard():
    """The user's municipality, its profile and its projects."""
    return render_template("main/dashboard.html", **dashboard_for(current_user))
