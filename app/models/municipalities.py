"""The municipalities of the area (reference data of the area pack, see its SOURCES.md)."""

import math

from app.extensions import db
from app.models.geography import region_on


class Municipality(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    # Unique per country (kommunkod, kommunekode, kommunenummer); an installation's codes
    # must not collide across its countries either: pages and files name a municipality by
    # its code (``flask seed`` refuses a pack whose codes do).
    code = db.Column(db.String(8), nullable=False, index=True)
    country = db.Column(db.String(2), nullable=False, index=True)
    name = db.Column(db.String(80), nullable=False)
    official_name = db.Column(db.String(120), nullable=False)
    # The region in the reference data; ``region`` is the one valid today (app.models.geography).
    recorded_region = db.Column("region", db.String(40), nullable=False, index=True)
    seat = db.Column(db.String(80), nullable=False)
    lat = db.Column(db.Float, nullable=False)
    lon = db.Column(db.Float, nullable=False)
    population = db.Column(db.Integer)  # None: not known (shown as such, never as 0)
    population_date = db.Column(db.String(10), nullable=False, default="")
    # The programmes whose area it is in ("kop", "oks"; ";"-separated, as in the pack).
    programmes = db.Column(db.String(60), nullable=False, default="")

    __table_args__ = (db.UniqueConstraint("country", "code"),)

    profile = db.relationship("Profile", back_populates="municipality", uselist=False)
    users = db.relationship("User", back_populates="municipality")

    @classmethod
    def by_code(cls, code):
        """The municipality with this code, or None (no query for an empty code)."""
        if not code:
            return None
        return db.session.execute(db.select(cls).where(cls.code == code)).scalar_one_or_none()

    @property
    def region(self):
        """The name of its region on the day shown (``app.clock.today``)."""

        return region_on(self.recorded_region)

    def region_on(self, day):

        return region_on(self.recorded_region, day)

    def can_be_managed_by(self, user):
        """Its members and the admins may change its profile and its projects."""
        return user.is_admin or user.municipality_id == self.id

    def distance_km(self, other):
        """Great-circle distance between the two seats, in kilometres."""
        lat1, lon1, lat2, lon2 = map(math.radians, (self.lat, self.lon, other.lat, other.lon))
        h = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        return 2 * 6371.0 * math.asin(math.sqrt(h))

    def __repr__(self):
        return f"<Municipality {self.code} {self.name}>"
