"""Admin: background jobs (failed ones first) and the state of the fitted index."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from app.access import admin_required
from app.extensions import db
from app.jobs import bp
from app.jobs.queue import enqueue, mode
from app.models import JobRun

JOB_LABELS = {
    "index.refit": _l("Refit the suggestion index"),
    "matches.refresh": _l("Refresh all suggestions"),
    "digest.send": _l("Send the digest"),
    "history.import": _l("Import cooperation history"),
}
STATUS_LABELS = {
    "queued": _l("Queued"),
    "running": _l("Running"),
    "done": _l("Done"),
    "failed": _l("Failed"),
}


class RefitForm(FlaskForm):
    """Only the CSRF token."""


@bp.route("/", methods=["GET", "POST"])
@admin_required
def index():
    form = RefitForm()
    if form.validate_on_submit():
        enqueue("index.refit")
        flash(_("A refit of the suggestion index has been queued."), "success")
        return redirect(url_for("jobs.index"))
    from app.index.state import status

    failed = db.session.execute(
        db.select(JobRun).where(JobRun.status == "failed").order_by(JobRun.id.desc()).limit(20)
    ).scalars().all()  # fmt: skip
    recent = db.session.execute(
        db.select(JobRun).order_by(JobRun.id.desc()).limit(50)
    ).scalars().all()  # fmt: skip
    return render_template(
        "admin/jobs.html", failed=failed, recent=recent, form=form, index=status(),
        backend=mode(), labels=JOB_LABELS, statuses=STATUS_LABELS,
    )  # fmt: skip
