"""Admin: mail that could not be delivered."""

from flask import render_template

from app.access import admin_required
from app.outbox import bp
from app.outbox.services import failures


@bp.route("/")
@admin_required
def index():
    """Queued mail that failed or waits for a retry, with the SMTP server's answer."""
    return render_template("admin/mail.html", rows=failures())
