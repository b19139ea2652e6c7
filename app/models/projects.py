"""Projects that seek partners on the other side of the strait."""

from sqlalchemy.ext.hybrid import hybrid_property

from app.clock import utcnow
from app.extensions import db

COOPERATION_FORMS = ("study_visit", "exchange", "network", "joint_project", "eu_application")
HORIZONS = ("short", "long")
PROJECT_STATUSES = ("open", "closed")

project_themes = db.Table(
    "project_themes",
    db.Column("project_id", db.ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    db.Column("theme_id", db.ForeignKey("theme.id"), primary_key=True),
)


class Project(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    municipality_id = db.Column(db.ForeignKey("municipality.id"), nullable=False, index=True)
    created_by_id = db.Column(db.ForeignKey("user.id"), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    summary = db.Column(db.Text, nullable=False, default="")
    needs = db.Column(db.Text, nullable=False, default="")
    offers = db.Column(db.Text, nullable=False, default="")
    cooperation_form = db.Column(db.String(20), nullable=False)
    horizon = db.Column(db.String(10), nullable=False)
    wished_regions = db.Column(db.JSON, nullable=False, default=list)
    status = db.Column(db.String(10), nullable=False, default="open", index=True)
    expires_at = db.Column(db.DateTime, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    municipality = db.relationship("Municipality")
    created_by = db.relationship("User")
    themes = db.relationship("Theme", secondary=project_themes, order_by="Theme.position")

    def can_be_managed_by(self, user):
        """The owner municipality's members and the admins may edit it and see suggestions."""
        return user.is_admin or user.municipality_id == self.municipality_id

    @property
    def is_expired(self):
        return self.expires_at <= utcnow()

    @hybrid_property
    def is_open(self):
        """Open for partners: not closed by its owners and not past its expiry.

        In a query, ``Project.is_open`` is the same rule in SQL (as of the query's making).
        """
        return self.status == "open" and not self.is_expired

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls):
        return (cls.status == "open") & (cls.expires_at > utcnow())
