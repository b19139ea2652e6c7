"""Cross-border cooperations, past and running: who worked with whom, on what, when.

Imported from public records (``origin="imported"``, keyed by their source id) or recorded
on the platform when both sides of a contact say they work together (``origin="platform"``).
They are the engine's strongest evidence.
"""

from app.clock import utcnow
from app.extensions import db

ORIGINS = ("imported", "platform")

cooperation_members = db.Table(
    "cooperation_members",
    db.Column(
        "cooperation_id", db.ForeignKey("cooperation.id", ondelete="CASCADE"), primary_key=True
    ),
    db.Column("municipality_id", db.ForeignKey("municipality.id"), primary_key=True),
)

cooperation_themes = db.Table(
    "cooperation_themes",
    db.Column(
        "cooperation_id", db.ForeignKey("cooperation.id", ondelete="CASCADE"), primary_key=True
    ),
    db.Column("theme_id", db.ForeignKey("theme.id"), primary_key=True),
)


class Cooperation(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    source_id = db.Column(db.String(120), nullable=False, unique=True)
    title = db.Column(db.String(300), nullable=False)
    programme = db.Column(db.String(200), nullable=False, default="")
    start_year = db.Column(db.Integer)
    end_year = db.Column(db.Integer)
    ongoing = db.Column(db.Boolean, nullable=False, default=False)
    source_url = db.Column(db.String(500), nullable=False, default="")
    sources = db.Column(db.JSON, nullable=False, default=list)
    summary = db.Column(db.Text, nullable=False, default="")
    origin = db.Column(db.String(10), nullable=False, default="imported", index=True)
    contact_id = db.Column(db.ForeignKey("contact.id", ondelete="SET NULL"), unique=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    members = db.relationship(
        "Municipality", secondary=cooperation_members, order_by="Municipality.name"
    )
    themes = db.relationship("Theme", secondary=cooperation_themes, order_by="Theme.position")

    @property
    def year(self):
        """The year it last ran: the end, this year while ongoing, else the start."""
        if self.ongoing:
            return utcnow().year
        return self.end_year or self.start_year

    @property
    def period(self):
        """(start, end) years for display; end is None while ongoing or unknown."""
        return self.start_year, None if self.ongoing else self.end_year

    def __repr__(self):
        return f"<Cooperation {self.source_id}>"
