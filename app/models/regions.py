"""Regions as dated data: each region is valid for a period and may have a successor."""

from app.extensions import db


class Region(db.Model):
    """A region (län, region) valid from ``valid_from`` until the day before ``valid_to``.

    A municipality is recorded in the region it had in the reference data; on a later day
    it is in that region's successor when the region has ended (Hovedstaden and Sjælland
    become Østdanmark on 2027-01-01). See ``app.models.geography``.
    """

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(16), nullable=False, unique=True)
    country = db.Column(db.String(2), nullable=False)
    name = db.Column(db.String(60), nullable=False, unique=True)
    valid_from = db.Column(db.Date)
    valid_to = db.Column(db.Date)  # the first day it no longer exists
    # The region that takes over when this one ends (by code: the data names it so).
    successor_code = db.Column(db.String(16))
    position = db.Column(db.Integer, nullable=False, default=0)
    source = db.Column(db.String(300), nullable=False, default="")

    def valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    def __repr__(self):
        return f"<Region {self.code} {self.name}>"
