"""Account services shared by the views and the CLI."""

from flask_babel import force_locale
from flask_babel import gettext as _

from app.auth.tokens import make_token
from app.email import absolute_url, send_email
from app.extensions import db
from app.models import Municipality, User
from app.models.users import ROLES


class AccountError(ValueError):
    """A user-caused problem with an account action; the message is shown to the user."""


def normalize_email(email):
    return (email or "").strip().lower()


def find_user_by_email(email):
    return db.session.execute(
        db.select(User).where(User.email == normalize_email(email))
    ).scalar_one_or_none()


def authenticate(email, password):
    """The active user with these credentials, or None."""
    user = find_user_by_email(email)
    if user is None or not user.active or not user.check_password(password):
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
    db.session.commit()
    send_invitation(user)
    return user


def send_invitation(user):
    token = make_token(user, "invite")
    with force_locale(user.locale or "sv"):
        subject = _("You are invited to KÖP Match")
    send_email(
        user.email,
        subject,
        "invitation",
        locale=user.locale,
        user=user,
        link=absolute_url("auth.accept_invitation", token=token),
    )


def accept_invitation(user, name, password):
    """Set the invited user's name and password; the invitation link then stops working."""
    user.name = name.strip()
    user.set_password(password)
    user.active = True
    db.session.commit()
    return user


def request_password_reset(email):
    """Email a reset link when an active account exists; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    token = make_token(user, "reset")
    with force_locale(user.locale or "sv"):
        subject = _("Reset your KÖP Match password")
    send_email(
        user.email,
        subject,
        "reset_password",
        locale=user.locale,
        user=user,
        link=absolute_url("auth.reset_password", token=token),
    )


def reset_password(user, password):
    user.set_password(password)
    db.session.commit()


def set_locale(user, locale):
    user.locale = locale
    db.session.commit()
