"""The SQLAlchemy models, one module per part of the domain."""

from app.models.audit import AuditEvent
from app.models.cooperations import Cooperation, cooperation_members, cooperation_themes
from app.models.digests import DigestDelivery, DigestItem, OutgoingMail, Setting
from app.models.index import IndexChange, JobRun
from app.models.matches import Contact, Suggestion
from app.models.municipalities import Municipality
from app.models.profiles import Profile, profile_themes
from app.models.projects import Project, project_themes
from app.models.regions import Region
from app.models.themes import Theme
from app.models.tokens import ApiToken
from app.models.users import User
from app.models.weights import WeightSet

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Contact",
    "Cooperation",
    "DigestDelivery",
    "DigestItem",
    "IndexChange",
    "JobRun",
    "Municipality",
    "OutgoingMail",
    "Profile",
    "Project",
    "Region",
    "Setting",
    "Suggestion",
    "Theme",
    "User",
    "WeightSet",
    "cooperation_members",
    "cooperation_themes",
    "profile_themes",
    "project_themes",
]
