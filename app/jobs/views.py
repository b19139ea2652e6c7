"""Admin: background jobs (failed ones first) and the state of the fitted index."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from app import health
from app.access import admin_required
from app.jobs import bp
from app.jobs.queue import abandoned, enqueue, listing, mode, queue_state
from app.jobs.registry import LABELS

STATUS_LABELS = {
    "queued": _l("Queued"),
    "running": _l("Running"),
    "done": _l("Done"),
    "failed": _l("Failed"),
    "abandoned": _l("Abandoned (its worker stopped)"),
}


class RefitForm(FlaskForm):
    """Only the CSRF token."""


@bp.route("/", methods=["GET", "POST"])
@admin_required
def index():
    form = RefitForm()
    if form.validate_on_submit():
        job = enqueue("index.refit")
        if job.status == "failed":
            flash(_("The job queue cannot be reached, so no refit was queued. Is Redis "
                    "running? See the services below."), "error")  # fmt: skip
        else:
            flash(_("A refit of the suggestion index has been queued."), "success")
        return redirect(url_for("jobs.index"))
    failed, recent = listing()
    index = current_app.extensions["kop_index_status"]()  # put on the app by app.index
    return render_template(
        "admin/jobs.html", failed=failed, recent=recent, form=form, index=index,
        backend=mode(), labels=LABELS, statuses=STATUS_LABELS, abandoned=abandoned(recent),
        rate_limits=health.rate_limit_store(), job_queue=queue_state(),
    )  # fmt: skip
