"""Personal access tokens for the read API: stored as a SHA-256 hash, shown once."""

import hashlib
import secrets

from app.clock import utcnow
from app.extensions import db

TOKEN_PREFIX = "kop_"


def hash_token(secret):
    """The stored form of a token: its SHA-256 (a 32-byte random token needs no slow hash)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiToken(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    name = db.Column(db.String(80), nullable=False)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    # The first characters, so that a user can tell tokens apart without the secret.
    hint = db.Column(db.String(12), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime)
    last_used_at = db.Column(db.DateTime)
    revoked_at = db.Column(db.DateTime)

    user = db.relationship("User")

    @classmethod
    def issue(cls, user, name, valid_for=None):
        """A new token (valid for a timedelta, or until revoked) and its secret; the
        secret exists only in the return value."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = utcnow()
        token = cls(
            created_at=now,
            user=user,
            name=name,
            token_hash=hash_token(secret),
            hint=secret[: len(TOKEN_PREFIX) + 4],
            expires_at=now + valid_for if valid_for is not None else None,
        )
        return token, secret

    @property
    def is_valid(self):
        now = utcnow()
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
            and self.user.is_active
        )

    def can_be_managed_by(self, user):
        return user.is_authenticated and user.id == self.user_id
