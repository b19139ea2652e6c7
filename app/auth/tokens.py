"""Signed, expiring tokens for invitations and password resets.

A token carries the user id and a fingerprint of the current password hash, so it
stops working as soon as it has been used (the hash changes) or the account changes.
"""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.extensions import db
from app.models import User


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"kop-{purpose}")


def _fingerprint(user):
    return hashlib.sha256((user.password_hash or "none").encode()).hexdigest()[:16]


def make_token(user, purpose):
    """A token for ``purpose`` ("invite" or "reset") that names ``user``."""
    return _serializer(purpose).dumps({"uid": user.id, "fp": _fingerprint(user)})


def read_token(token, purpose, max_age):
    """The user a valid token names, or None when it is bad, expired or already used."""
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None or data.get("fp") != _fingerprint(user):
        return None
    return user


def expired_invitation_of(token):
    """The user a well-signed but expired invitation names (to say who can send a new
    one), or None."""
    try:
        data = _serializer("invite").loads(token)  # no age limit: only the signature
    except BadSignature:
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    return user if user is not None and not user.has_password and user.active else None
