"""Versioned ranking weights: admins apply a new version or re-activate an earlier one."""

from app.clock import utcnow
from app.extensions import db


class WeightSet(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    version = db.Column(db.Integer, nullable=False, unique=True)
    components = db.Column(db.JSON, nullable=False)  # theme, need_offer, … exposure_cap
    theme_weights = db.Column(db.JSON, nullable=False)  # theme code → weight
    note = db.Column(db.String(500), nullable=False, default="")
    active = db.Column(db.Boolean, nullable=False, default=False, index=True)
    created_by_id = db.Column(db.ForeignKey("user.id"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    created_by = db.relationship("User")
