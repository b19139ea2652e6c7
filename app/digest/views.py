"""One-click unsubscribe (no login) and the user's own settings."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.digest import bp
from app.digest.forms import SettingsForm
from app.digest.settings import save_settings
from app.digest.settings import unsubscribe as unsubscribe_user
from app.digest.tokens import user_from_token
from app.errors import render_error
from app.extensions import csrf
from app.i18n import recipient_locale


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a form token
def unsubscribe(token):
    """Stop digests: a POST (one click in the mail client, or the button here) does it."""
    user = user_from_token(token)
    if user is None:
        return render_error(
            404,
            _("This unsubscribe link is not valid. Change your emails on your settings page."),
        )
    # The page speaks the recipient's language (the one the email was written in).
    with force_locale(recipient_locale(user)):
        if request.method == "POST":
            unsubscribe_user(user)
            return render_template("digest/unsubscribed.html", user=user)
        return render_template("digest/unsubscribe.html", user=user, token=token)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """The user's digest frequency and language."""
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        save_settings(current_user, form.digest_frequency.data, form.locale.data)
        flash(_("Your settings have been saved."), "success")
        return redirect(url_for("digest.settings"))
    return render_template("digest/settings.html", form=form), 400 if form.errors else 200
