"""A municipality's profile: what it works on, needs and offers."""

from app.clock import utcnow
from app.extensions import db

profile_themes = db.Table(
    "profile_themes",
    db.Column("profile_id", db.ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True),
    db.Column("theme_id", db.ForeignKey("theme.id"), primary_key=True),
)


class Profile(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    municipality_id = db.Column(db.ForeignKey("municipality.id"), nullable=False, unique=True)
    description = db.Column(db.Text, nullable=False, default="")
    needs = db.Column(db.Text, nullable=False, default="")
    offers = db.Column(db.Text, nullable=False, default="")
    cooperation_forms = db.Column(db.JSON, nullable=False, default=list)
    working_languages = db.Column(db.JSON, nullable=False, default=list)
    contact_user_id = db.Column(db.ForeignKey("user.id"))
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    updated_by_id = db.Column(db.ForeignKey("user.id"))
    # Raised by every save: an edit made on an older version is refused, not silently lost.
    version = db.Column(db.Integer, nullable=False, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    municipality = db.relationship("Municipality", back_populates="profile")
    themes = db.relationship("Theme", secondary=profile_themes, order_by="Theme.position")
    contact_user = db.relationship("User", foreign_keys=[contact_user_id])
    updated_by = db.relationship("User", foreign_keys=[updated_by_id])
