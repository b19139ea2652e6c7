"""Signed unsubscribe tokens: they work without login and do not expire."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from app.extensions import db
from app.models import User


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kop-unsubscribe")


def unsubscribe_token(user):
    return _serializer().dumps({"uid": user.id, "email": user.email})


def user_from_token(token):
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("email"):
        return None
    return user
