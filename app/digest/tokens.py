"""One-click unsubscribe links: an opaque per-user key, never the address.

The key is random and stored with the user (``User.digest_token``); it works without login
(RFC 8058) and stops working when it is replaced (when the user deletes the account, say).
"""

from app.extensions import db
from app.models import User


def unsubscribe_token(user):
    return user.digest_token


def user_from_token(token):
    if not token or len(token) > 64:
        return None
    return db.session.execute(
        db.select(User).where(User.digest_token == token)
    ).scalar_one_or_none()
