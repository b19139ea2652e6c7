"""The theme taxonomy that profiles and projects are tagged with."""

from app.extensions import db


class Theme(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(40), nullable=False, unique=True)
    # {language: label} for every language of the area and English (a language is data,
    # not a column: an area pack may bring any).
    labels = db.Column(db.JSON, nullable=False, default=dict)
    weight = db.Column(db.Float, nullable=False, default=1.0)
    active = db.Column(db.Boolean, nullable=False, default=True)
    position = db.Column(db.Integer, nullable=False, default=0)

    __table_args__ = (db.CheckConstraint("weight >= 0", name="weight_not_negative"),)

    def label(self, locale):
        """The label in ``locale``, English when it has none, its code at worst."""
        labels = self.labels or {}
        return labels.get(locale) or labels.get("en") or self.code

    def __repr__(self):
        return f"<Theme {self.code}>"
