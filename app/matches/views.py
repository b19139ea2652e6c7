"""Suggestions for a project, projects looking for you, and contacts."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import managed_or_abort, require
from app.choices import other_side
from app.extensions import db, limiter
from app.matches import bp, contacts, services
from app.matches.filters import suggestion_filters
from app.matches.forms import AnswerForm, ContactForm, DismissForm, UndoDismissForm
from app.matches.map import render_map
from app.matches.strength import split, strong_threshold
from app.matches.suggestions import projects_for, suggest
from app.models import Contact, Municipality, Project
from app.models.geography import regions_of


def _render_suggestions(project, contact_form=None, status=200, target=None):
    region, form, new_only = suggestion_filters(project)
    hidden = Municipality.by_code(request.args.get("hidden", ""))
    if hidden is not None and hidden.id not in services.dismissed_ids(project):
        hidden = None
    regions = regions_of(other_side(project.municipality.country))
    rows = suggest(project, region=region, cooperation_form=form, new_only=new_only)
    threshold = strong_threshold()
    strong, weaker = split(rows, threshold)
    page = render_template(
        "matches/suggestions.html",
        project=project,
        rows=rows,
        strong=strong,
        weaker=weaker,
        threshold=threshold,
        hidden=hidden,
        regions=regions,
        filters={"region": region, "form": form, "new": new_only},
        contact_form=contact_form or ContactForm(formdata=None),
        target=target,
        dismiss_form=DismissForm(formdata=None),
        region_map=render_map(
            project.municipality,
            [r["municipality"] for r in rows],
            _("Map of the project's municipality and the candidates"),
        ),
    )
    return page, status


@bp.route("/projects/<int:project_id>/suggestions")
@login_required
def suggestions(project_id):
    """The best candidates across the strait for a project, explained, with a map."""
    return _render_suggestions(managed_or_abort(Project, project_id))


def _contact_limit():
    return current_app.config["CONTACT_RATE_LIMIT"]


@bp.route("/projects/<int:project_id>/contacts", methods=["POST"])
@login_required
@limiter.limit(_contact_limit)
def send_contact(project_id):
    """Send a contact with a message to a candidate municipality."""
    project = managed_or_abort(Project, project_id)
    form = ContactForm()
    municipality = Municipality.by_code(form.municipality.data or "")
    if municipality is None:
        abort(400)
    if not form.validate_on_submit():
        return _render_suggestions(project, form, 400, municipality.code)
    try:
        contacts.send_contact(current_user, project, municipality, form.message.data)
    except contacts.ContactError as error:
        flash(str(error), "error")  # the card may show "contacted" instead of the form
        form.message.errors = [str(error)]
        return _render_suggestions(project, form, 409, municipality.code)
    flash(_("Your message has been sent to %(name)s.", name=municipality.name), "success")
    return redirect(url_for("matches.suggestions", project_id=project.id))


def _named_candidate(form):
    """The municipality a valid dismiss/undo form names; 400 otherwise."""
    municipality = Municipality.by_code(form.municipality.data or "")
    if municipality is None or not form.validate_on_submit():
        abort(400)
    return municipality


@bp.route("/projects/<int:project_id>/dismiss", methods=["POST"])
@login_required
def dismiss(project_id):
    """Hide a candidate from this project's suggestions for good."""
    project = managed_or_abort(Project, project_id)
    form = DismissForm()
    municipality = _named_candidate(form)
    services.dismiss(current_user, project, municipality, form.reason.data)
    # The page says so, with an undo button (not a flash: it needs a form).
    return redirect(url_for("matches.suggestions", project_id=project.id,
                            hidden=municipality.code))  # fmt: skip


@bp.route("/projects/<int:project_id>/dismiss/undo", methods=["POST"])
@login_required
def undo_dismiss(project_id):
    """Suggest a dismissed candidate again (the undo of "not relevant")."""
    project = managed_or_abort(Project, project_id)
    form = UndoDismissForm()
    municipality = _named_candidate(form)
    services.undo_dismiss(current_user, project, municipality)
    flash(_("%(name)s is suggested again.", name=municipality.name), "success")
    return redirect(url_for("matches.suggestions", project_id=project.id))


@bp.route("/for-us")
@login_required
def for_us():
    """Open projects on the other side that fit the user's municipality."""
    municipality = current_user.municipality
    threshold = strong_threshold()
    strong, weaker = split(projects_for(municipality, limit=20), threshold)
    return render_template(
        "matches/for_us.html", municipality=municipality, strong=strong, weaker=weaker,
        threshold=threshold,
    )  # fmt: skip


@bp.route("/contacts")
@login_required
def inbox():
    """Contacts to and from the user's municipality."""
    incoming, outgoing = contacts.inbox(current_user)
    return render_template("matches/inbox.html", incoming=incoming, outgoing=outgoing)


@bp.route("/contacts/<int:contact_id>", methods=["GET", "POST"])
@login_required
def contact(contact_id):
    """One contact: the message, its status, the answer form and, once accepted, people."""
    item = db.get_or_404(Contact, contact_id)
    require(item.can_be_seen_by(current_user))
    form = AnswerForm()
    if request.method == "POST":
        # Who may answer first (the receiving municipality's members), then what was sent.
        require(contacts.is_receiver_side(current_user, item))
        if not form.validate_on_submit():
            abort(400)
        try:
            contacts.answer_contact(
                current_user, item, form.decision.data == "accept", form.reply.data
            )
        except PermissionError:
            abort(403)
        except contacts.ContactError as error:
            flash(str(error), "error")
            return redirect(url_for("matches.contact", contact_id=item.id)), 303
        flash(
            _("Your answer has been sent.")
            if item.status == "declined"
            else _("You accepted the contact. Here is who to talk to."),
            "success",
        )
        return redirect(url_for("matches.contact", contact_id=item.id))
    return render_template(
        "matches/contact.html",
        contact=item,
        form=form,
        receiver=contacts.is_receiver_side(current_user, item),
        sender=contacts.is_sender_side(current_user, item),
        people=contacts.other_side_people(current_user, item),
    )


@bp.route("/contacts/<int:contact_id>/working-together", methods=["POST"])
@login_required
def working_together(contact_id):
    """Say, for your side, that the contact has become a cooperation."""
    item = db.get_or_404(Contact, contact_id)
    require(item.can_be_seen_by(current_user))
    try:
        cooperation = contacts.confirm_working_together(current_user, item)
    except PermissionError:
        abort(403)
    except contacts.ContactError as error:
        flash(str(error), "error")
        return redirect(url_for("matches.contact", contact_id=item.id)), 303
    if cooperation is not None:
        flash(_("Both sides work together: the cooperation is now in your history."), "success")
    else:
        flash(_("Noted. It becomes a cooperation when the other side says so too."), "success")
    return redirect(url_for("matches.contact", contact_id=item.id))


@bp.route("/contacts/<int:contact_id>/withdraw", methods=["POST"])
@login_required
def withdraw(contact_id):
    """Take back an unanswered contact."""
    item = db.get_or_404(Contact, contact_id)
    try:
        contacts.withdraw_contact(current_user, item)
    except PermissionError:
        abort(403)
    except contacts.ContactError as error:
        flash(str(error), "error")
        return redirect(url_for("matches.contact", contact_id=item.id)), 303
    flash(_("The contact has been withdrawn."), "success")
    return redirect(url_for("matches.inbox"))
