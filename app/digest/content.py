"""What goes into each due user's digest: new suggestions, fitting projects, waiting contacts.

Built set-wise (a few queries for all users, one ranking per municipality) so that ten
thousand users take seconds, not minutes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from app.extensions import db
from app.matches.services import active_weights
from app.matches.strength import is_strong, strong_threshold
from app.matches.suggestions import projects_for
from app.models import Contact, DigestItem, Project, Suggestion, User

PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
# cron never fires to the second: a user is due a little before the full period is over
SLACK = timedelta(hours=1)


@dataclass
class Digest:
    user: User
    suggestions: list = field(default_factory=list)  # (Suggestion, Project)
    projects: list = field(default_factory=list)  # (Project, Match)
    contacts: list = field(default_factory=list)  # Contact

    @property
    def item_keys(self):
        return (
            [f"suggestion:{s.id}" for s, _ in self.suggestions]
            + [f"project:{p.id}" for p, _ in self.projects]
            + [f"contact:{c.id}" for c in self.contacts]
        )

    def __bool__(self):
        return bool(self.suggestions or self.projects or self.contacts)


def due_users(now, frequency=None):
    """Active users whose digest period is over (all frequencies, or only ``frequency``)."""
    frequencies = [frequency] if frequency else list(PERIODS)
    users = (
        db.session.execute(
            db.select(User)
            .where(
                User.active.is_(True),
                User.password_hash.is_not(None),
                User.digest_frequency.in_(frequencies),
                User.role == "member",  # a digest is a municipality's news; admins are none's
            )
            .order_by(User.id)
        )
        .scalars()
        .all()
    )
    return [
        u
        for u in users
        if u.last_digest_at is None or u.last_digest_at <= now - PERIODS[u.digest_frequency] + SLACK
    ]


def build_digests(users, now):
    """A Digest for each user, without items already sent to that user."""
    threshold = strong_threshold()  # the digest carries strong matches only
    weights = active_weights()[0]
    municipality_ids = {u.municipality_id for u in users}
    sent = defaultdict(set)
    for user_id, key in db.session.execute(
        db.select(DigestItem.user_id, DigestItem.item_key).where(
            DigestItem.user_id.in_([u.id for u in users])
        )
    ):
        sent[user_id].add(key)
    suggestions = defaultdict(list)
    rows = db.session.execute(
        db.select(Suggestion, Project)
        .join(Suggestion.project)
        .where(
            Project.municipality_id.in_(municipality_ids),
            Project.is_open,
            Suggestion.dismissed_at.is_(None),
            Suggestion.score >= threshold,
            ~db.exists().where(
                Contact.project_id == Suggestion.project_id,
                Contact.to_municipality_id == Suggestion.municipality_id,
            ),
        )
        .order_by(Suggestion.score.desc())
    )
    for suggestion, project in rows:
        suggestions[project.municipality_id].append((suggestion, project))
    fitting = {}
    contacts = defaultdict(list)
    for contact in db.session.execute(
        db.select(Contact)
        .where(Contact.to_municipality_id.in_(municipality_ids), Contact.status == "sent")
        .order_by(Contact.created_at)
    ).scalars():
        contacts[contact.to_municipality_id].append(contact)
    # Projects a municipality is already in contact about (asked, answered or working
    # together): a digest never offers them as news.
    in_touch = defaultdict(set)
    for project_id, municipality_id in db.session.execute(
        db.select(Contact.project_id, Contact.to_municipality_id).where(
            Contact.to_municipality_id.in_(municipality_ids), Contact.status != "withdrawn"
        )
    ):
        in_touch[municipality_id].add(project_id)
    digests = []
    for user in users:
        # A first digest tells what appeared during the last period.
        since = user.last_digest_at or now - PERIODS[user.digest_frequency]
        if user.municipality_id not in fitting:
            fitting[user.municipality_id] = [
                (r["project"], r["match"])
                for r in projects_for(user.municipality, limit=5, weights=weights)
                if is_strong(r["match"], threshold)
            ]
        seen = sent[user.id]
        digest = Digest(user)
        partners = set()  # one line per partner: its best suggestion, not one per project
        for s, p in suggestions[user.municipality_id]:
            if s.first_seen_at > since and f"suggestion:{s.id}" not in seen:
                if s.municipality_id not in partners and len(digest.suggestions) < 10:
                    partners.add(s.municipality_id)
                    digest.suggestions.append((s, p))
        digest.projects = [
            (p, m)
            for p, m in fitting[user.municipality_id]
            if p.created_at > since and f"project:{p.id}" not in seen
            and p.id not in in_touch[user.municipality_id]
        ]
        digest.contacts = [
            c for c in contacts[user.municipality_id] if f"contact:{c.id}" not in seen
        ]
        digests.append(digest)
    return digests
