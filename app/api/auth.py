"""Personal access tokens: who a request to /api/v1/ comes from, and its rate-limit key.

A token is sent as ``Authorization: Bearer kop_…``. It acts for its user with exactly the
user's rights; a session cookie does not count here (the API is for tools, not browsers).
"""

from flask import current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address

from app.clock import utcnow
from app.extensions import db
from app.models import ApiToken
from app.models.tokens import hash_token

# Write the last-used time at most this often per token (seconds), not on every request.
LAST_USED_RESOLUTION = 300


class TokenError(Exception):
    """Why a request has no valid token (a message for the caller, in their language)."""


def bearer_secret():
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip() or len(secret) > 200:
        return None
    return secret.strip()


def rate_limit_key():
    """Per token when a valid one is sent (so one tool cannot starve another), else per
    address: a made-up token gets no bucket of its own, so guessing tokens is limited too."""
    secret = bearer_secret()
    if secret:
        token = _token_of(secret)
        if token is not None and token.is_valid:
            return "token:" + token.token_hash[:32]
    return "ip:" + (get_remote_address() or "")


def _token_of(secret):
    """The token with this secret, looked up once per request (the limiter and the view)."""
    cache = g.setdefault("api_tokens", {})
    if secret not in cache:
        cache[secret] = db.session.execute(
            db.select(ApiToken).where(ApiToken.token_hash == hash_token(secret))
        ).scalar_one_or_none()
    return cache[secret]


def authenticate():
    """The valid token of this request; its user becomes ``current_user`` for the request."""
    secret = bearer_secret()
    if secret is None:
        raise TokenError(
            _l("Send a personal access token: Authorization: Bearer <token>. "
               "Create one on your settings page.")
        )  # fmt: skip
    token = _token_of(secret)
    if token is None:
        raise TokenError(_l("This access token is not valid."))
    if token.revoked_at is not None:
        raise TokenError(_l("This access token has been revoked."))
    now = utcnow()
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenError(_l("This access token has expired."))
    if not token.user.is_active:
        raise TokenError(_l("The account of this access token is no longer active."))
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > (
        LAST_USED_RESOLUTION
    ):
        token.last_used_at = now
        db.session.commit()
    g.api_token = token
    # Flask-Login reads the request's user from g._login_user: the token's user, not a
    # session cookie that may belong to someone else.
    g._login_user = token.user
    current_app.logger.debug("API request by token %s", token.id)
    return token
