"""The theme taxonomy that profiles and projects are tagged with."""

from app.extensions import db


class Theme(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(40), nullable=False, unique=True)
    label_sv = db.Column(db.String(120), nullable=False)
    label_da = db.Column(db.String(120), nullable=False)
    label_en = db.Column(db.String(120), nullable=False)
    weight = db.Column(db.Float, nullable=False, default=1.0)
    active = db.Column(db.Boolean, nullable=False, default=True)
    position = db.Column(db.Integer, nullable=False, default=0)

    __table_args__ = (db.CheckConstraint("weight >= 0", name="weight_not_negative"),)

    def label(self, locale):
        """The label in ``locale`` (sv, da or en), English when unknown."""
        return getattr(self, f"label_{locale}", None) or self.label_en

    def __repr__(self):
        return f"<Theme {self.code}>"
