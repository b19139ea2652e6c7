"""Views of login, logout, invitations and password reset."""

import json
import secrets
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp, services
from app.auth import privacy as privacy_rules
from app.auth.forms import (
    AcceptInvitationForm,
    DeleteAccountForm,
    LoginForm,
    ResetRequestForm,
    SetPasswordForm,
)
from app.auth.tokens import expired_invitation_of, read_token
from app.extensions import db, limiter, login_manager
from app.models import User


@login_manager.user_loader
def load_user(session_id):
    """The user of a session id ``"<id>:<token>"``; an old token means a session that ended."""
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or len(user_id) > 12 or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    return user


login_manager.login_view = "auth.login"
login_manager.login_message = None


@login_manager.unauthorized_handler
def unauthorized():
    """Send anonymous visitors to the login page, remembering where they were going."""
    flash(_("Please log in to see this page."), "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def safe_next(target):
    """``target`` when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _reset_limit():
    return current_app.config["RESET_RATE_LIMIT"]


def _account_limit():
    return current_app.config["ACCOUNT_RATE_LIMIT"]


def _account_key():
    """Reset requests for one account count together, from whatever address they come (so
    nobody can fill its owner's inbox)."""
    return "account:" + services.normalize_email(request.form.get("email", ""))[:254]


def _guess_key():
    """Wrong passwords count per account and address: guesses from one place are throttled,
    and nobody elsewhere can lock the owner out by guessing (docs/decisions.md)."""
    return _account_key() + "|" + (get_remote_address() or "")


def _wrong_password(response):
    return response.status_code == 400


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_guess_key, methods=["POST"], deduct_when=_wrong_password)
def login():
    """Log in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Wrong email address or password."))
        else:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")) or url_for("main.dashboard"))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out on every device (a POST with a CSRF token, so no other site can log you out).

    The user's session token changes, so a copy of this session's cookie (or a remember-me
    cookie) taken before no longer works.
    """
    services.end_sessions(current_user)
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    """Set name and password from an invitation link."""
    user = read_token(token, "invite", current_app.config["INVITATION_MAX_AGE"])
    if user is None or user.has_password or not user.active:  # deactivated: closed for good
        expired = expired_invitation_of(token) if user is None else None
        return render_template("auth/token_invalid.html", invitation=True,
                               inviter=expired.invited_by if expired else None), 400  # fmt: skip
    if "locale" not in session and user.locale:
        # The invitation was written in this language; greet the new user in it too.
        session["locale"] = user.locale
    form = AcceptInvitationForm(name=user.name)
    if form.validate_on_submit():
        services.accept_invitation(user, form.name.data, form.password.data)
        login_user(user)
        flash(_("Welcome to KÖP Match!"), "success")
        return redirect(url_for("main.dashboard"))
    status = 400 if form.errors else 200
    return render_template("auth/accept_invitation.html", form=form, user=user), status


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])
def request_reset():
    """Ask for a password reset link by email."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(
            _("If an account exists for this address, we have sent a link to reset the password."),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form), 400 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    """Choose a new password from a reset link."""
    user = read_token(token, "reset", current_app.config["RESET_MAX_AGE"])
    if user is None or not user.active:
        return render_template("auth/token_invalid.html"), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        flash(_("Your password has been changed. You can log in now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), 400 if form.errors else 200


@bp.route("/language", methods=["POST"])
def set_language():
    """Switch the language of the interface and remember the choice."""
    locale = request.form.get("locale", "")
    if locale not in current_app.config["LANGUAGES"]:
        abort(400)
    session["locale"] = locale
    if current_user.is_authenticated:
        services.set_locale(current_user, locale)
    return redirect(safe_next(request.form.get("next")) or url_for("main.index"))


@bp.route("/privacy")
def privacy():
    """What is stored, why, for how long and who sees it (public)."""
    return render_template("auth/privacy.html", retention_days=privacy_rules.AUDIT_RETENTION_DAYS)


@bp.route("/account/data")
@login_required
def my_data():
    """Everything stored about the user, as a JSON download."""
    return _json_download(privacy_rules.export_user_data(current_user), "kop-match-my-data.json")


def _json_download(data, filename):
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Delete the account: name and address go, the municipality keeps what was done."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append(_("Wrong password."))
        else:
            try:
                privacy_rules.delete_account(current_user, current_user)
            except ValueError:
                flash(_("You are the last admin: make someone else an admin first."), "error")
                return redirect(url_for("auth.delete_account")), 303
            logout_user()
            flash(_("Your account has been deleted."), "success")
            return redirect(url_for("auth.login"))
    status = 400 if form.errors else 200
    return render_template("auth/delete_account.html", form=form), status
