"""Account services shared by the views and the CLI."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.tokens import make_token
from app.email import absolute_url
from app.extensions import db
from app.i18n import recipient_locale
from app.matches.contacts import deliver_waiting_contacts
from app.models import Municipality, User
from app.models.users import ROLES
from app.outbox.services import deliver_soon, queue_email


class AccountError(ValueError):
    """A user-caused problem with an account action; the message is shown to the user."""


def normalize_email(email):
    return (email or "").strip().lower()


def find_user_by_email(email):
    return db.session.execute(
        db.select(User).where(User.email == normalize_email(email))
    ).scalar_one_or_none()


_DUMMY_HASHES = {}


def _dummy_check(password):
    """Hash the password against a dummy, so an unknown address costs what a known one does."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash("not a password", method=method)
    check_password_hash(_DUMMY_HASHES[method], password or "")


def authenticate(email, password):
    """The active user with these credentials, or None (the same work either way)."""
    user = find_user_by_email(email)
    if user is None or not user.has_password:
        _dummy_check(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def create_user(email, municipality_code, role="member", name="", password=None, locale=None):
    """Create an account directly (CLI); raises AccountError on bad input."""
    email = normalize_email(email)
    if not email or "@" not in email:
        raise AccountError(_("Enter a valid email address."))
    if role not in ROLES:
        raise AccountError(_("Unknown role: %(role)s", role=role))
    municipality = db.session.execute(
        db.select(Municipality).where(Municipality.code == municipality_code)
    ).scalar_one_or_none()
    if municipality is None:
        raise AccountError(_("Unknown municipality code: %(code)s", code=municipality_code))
    if find_user_by_email(email) is not None:
        raise AccountError(_("An account with this email address already exists."))
    user = User(email=email, name=name, municipality=municipality, role=role, locale=locale)
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def invite_user(actor, email, name, municipality, role, locale):
    """Create an account without password and email a signed link to set one."""
    if not actor.is_admin:
        raise PermissionError
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError(_("An account with this email address already exists."))
    user = User(
        email=email,
        name=name,
        municipality=municipality,
        role=role,
        locale=locale,
        invited_by_id=actor.id,
    )
    db.session.add(user)
    db.session.flush()
    queue_invitation(user, actor)
    db.session.commit()  # the account and its invitation are saved together
    deliver_soon()
    return user


def queue_invitation(user, inviter=None):
    token = make_token(user, "invite")
    with force_locale(recipient_locale(user)):
        subject = _("You are invited to KÖP Match")
    queue_email(
        user.email,
        subject,
        "invitation",
        locale=user.locale,
        user=user,
        inviter=inviter,
        link=absolute_url("auth.accept_invitation", token=token),
    )


def accept_invitation(user, name, password):
    """Set the invited user's name and password; the invitation link then stops working."""
    if not user.active:
        raise AccountError(_("This invitation is no longer valid."))
    user.name = name.strip()
    user.set_password(password)
    user.end_sessions()
    if user.role == "member":

        deliver_waiting_contacts(user)  # contacts that waited for somebody to answer
    db.session.commit()
    deliver_soon()
    return user


def request_password_reset(email):
    """Queue a reset link when an active account exists; say nothing either way.

    Sending happens after the response (``deliver_soon``), so neither path waits for the
    mail server and the answer takes the same time whether the address exists or not.
    """
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    token = make_token(user, "reset")
    with force_locale(recipient_locale(user)):
        subject = _("Reset your KÖP Match password")
    queue_email(
        user.email,
        subject,
        "reset_password",
        locale=user.locale,
        user=user,
        link=absolute_url("auth.reset_password", token=token),
    )
    db.session.commit()
    deliver_soon()


def reset_password(user, password):
    """Set a new password; every existing session of the user ends."""
    user.set_password(password)
    user.end_sessions()
    db.session.commit()


def end_sessions(user):
    """Log the user out everywhere: sessions and remember-me cookies stop working."""
    user.end_sessions()
    db.session.commit()


def set_locale(user, locale):
    user.locale = locale
    db.session.commit()
