"""Accounts: every user belongs to one municipality and is a member or an admin."""

import secrets

from flask import current_app, has_app_context
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from app.clock import utcnow
from app.extensions import db

ROLES = ("member", "admin")
# A deleted account keeps its row (its actions stay, under a pseudonym) with an address in
# the reserved .invalid domain (RFC 2606), where nothing is ever sent.
DELETED_DOMAIN = "deleted.invalid"
DIGEST_FREQUENCIES = ("off", "daily", "weekly")


def new_token():
    return secrets.token_urlsafe(24)


def password_hash_method():
    """werkzeug's hashing method: scrypt, unless the config says otherwise (the tests)."""
    if has_app_context():
        return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return "scrypt"


class User(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False, default="")
    password_hash = db.Column(db.String(256))
    municipality_id = db.Column(db.ForeignKey("municipality.id"), nullable=False, index=True)
    role = db.Column(db.String(10), nullable=False, default="member")
    locale = db.Column(db.String(5))
    digest_frequency = db.Column(db.String(10), nullable=False, default="weekly")
    last_digest_at = db.Column(db.DateTime)
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    invited_by_id = db.Column(db.ForeignKey("user.id"))
    # Part of the id Flask-Login keeps in the session and the remember-me cookie: a new
    # token (password reset, deactivation, logging out) ends every session that had the old.
    session_token = db.Column(db.String(64), nullable=False, default=new_token)
    # The opaque key of the one-click unsubscribe link (no address in the link).
    digest_token = db.Column(db.String(64), nullable=False, unique=True, default=new_token)

    municipality = db.relationship("Municipality", back_populates="users")
    invited_by = db.relationship("User", remote_side=[id])

    def get_id(self):
        return f"{self.id}:{self.session_token}"

    def end_sessions(self):
        """Invalidate every session and remember-me cookie of this user."""
        self.session_token = new_token()

    @property
    def is_active(self):
        return self.active

    @property
    def is_admin(self):
        return self.role == "admin"

    @classmethod
    def answers(cls):
        """SQL condition: a member account that answers for its municipality (active, and
        able to log in: an invitation not yet accepted answers nothing; admins never do)."""
        return db.and_(cls.active.is_(True), cls.password_hash.is_not(None), cls.role == "member")

    @property
    def is_deleted(self):
        return self.email.endswith("@" + DELETED_DOMAIN)

    @property
    def has_password(self):
        return bool(self.password_hash)

    def set_password(self, password):
        self.password_hash = generate_password_hash(password, method=password_hash_method())

    def check_password(self, password):
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __repr__(self):
        return f"<User {self.email}>"
