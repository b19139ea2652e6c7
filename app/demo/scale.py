"""Scale data for load tests: synthetic municipalities, profiles, projects and accounts.

Everything synthetic is marked: municipality codes start with ``Z`` (real codes are digits),
names say "Syntetisk", the population date is "synthetic", accounts end in
``@scale.example``. ``flask demo --scale`` refuses to run on a production install
(``KOP_PRODUCTION``) or on a database with accounts other than the demo's, and
``flask demo --remove-scale`` takes it all out again.
"""

from datetime import timedelta

import numpy as np

from app.area import current_area
from app.clock import utcnow
from app.demo import synthetic_text
from app.demo.users import DEMO_USERS
from app.extensions import db
from app.models import Municipality, Profile, Project, Theme, User

PREFIX = "Z"
DOMAIN = "@scale.example"
LOAD_USERS = 20  # logged-in users of the load benchmark: load01@scale.example …
CHUNK = 1000


class RefusedError(Exception):
    """Scale data would mix with real data."""


def check_allowed(app):
    if app.config.get("PRODUCTION"):
        raise RefusedError("KOP_PRODUCTION is set: scale data never goes into a real install.")
    demo = {email for email, *_ in DEMO_USERS}
    others = db.session.execute(
        db.select(db.func.count()).select_from(User).where(
            User.email.not_in(demo), User.email.not_like(f"%{DOMAIN}")
        )
    ).scalar_one()
    if others:
        raise RefusedError(
            f"This database has {others} account(s) besides the demo's: scale data goes only "
            "into a database made for trying things out."
        )


def _places(country):
    return db.session.execute(
        db.select(Municipality).where(
            Municipality.country == country, ~Municipality.code.startswith(PREFIX)
        )
    ).scalars().all()


def create_scale_data(profiles, password, seed=0, on_progress=None):
    """``profiles`` synthetic municipalities (half per country), each with a profile and two
    open projects; the first 20 get the load accounts (load01…load20@scale.example).
    Returns (municipalities, projects) added."""
    rng = np.random.default_rng(seed)
    themes = {t.code: t for t in db.session.execute(db.select(Theme)).scalars()}
    existing = db.session.execute(
        db.select(db.func.count()).select_from(Municipality).where(
            Municipality.code.startswith(PREFIX)
        )
    ).scalar_one()
    area = current_area()
    # The area's countries whose language the synthetic texts can be written in.
    countries = [c for c in area.country_codes
                 if area.language_of(c) in synthetic_text.WORDLISTS]  # fmt: skip
    places = {c: _places(c) for c in countries}
    users = {c: [] for c in countries}
    for user in db.session.execute(db.select(User).where(User.email.like(f"%{DOMAIN}"))).scalars():
        users.setdefault(user.municipality.country, []).append(user)
    added = projects = 0
    for i in range(existing, profiles):
        country = countries[i % len(countries)]
        language = area.language_of(country)
        near = places[country][int(rng.integers(0, len(places[country])))]
        word = synthetic_text.MUNICIPALITY_WORD[language]
        m = Municipality(
            code=f"{PREFIX}{country}{i:05d}", country=country,
            name=f"Syntetisk {word} {i:05d}", official_name=f"Syntetisk {word} {i:05d}",
            recorded_region=near.recorded_region, seat=near.seat,
            lat=round(near.lat + float(rng.normal(0, 0.05)), 4),
            lon=round(near.lon + float(rng.normal(0, 0.05)), 4),
            population=int(rng.integers(3000, 120000)), population_date="synthetic",
        )  # fmt: skip
        fields = synthetic_text.document(rng, language)
        db.session.add(m)
        db.session.add(Profile(
            municipality=m, description=fields["description"], needs=fields["needs"],
            offers=fields["offers"], themes=[themes[c] for c in fields["themes"] if c in themes],
            cooperation_forms=["exchange", "joint_project"],
            working_languages=[fields["language"]],
        ))  # fmt: skip
        if i < LOAD_USERS:
            users[country].append(_load_user(i + 1, m, password))
        owner = users[country][i % len(users[country])]
        for _ in range(2):
            p = synthetic_text.document(rng, language)
            db.session.add(Project(
                municipality=m, created_by=owner, title=" ".join(p["description"].split()[:6]),
                summary=p["description"], needs=p["needs"], offers=p["offers"],
                cooperation_form="joint_project", horizon="long", wished_regions=[],
                expires_at=utcnow() + timedelta(days=365),
                themes=[themes[c] for c in p["themes"] if c in themes],
            ))  # fmt: skip
            projects += 1
        added += 1
        if added % CHUNK == 0:
            db.session.commit()
            if on_progress:
                on_progress(existing + added)
    db.session.commit()
    refresh_statistics()
    return added, projects


def _load_user(n, municipality, password):
    """Account n of the load benchmark, a member of a synthetic municipality."""
    email = f"load{n:02d}{DOMAIN}"
    user = db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()
    if user is None:
        user = User(email=email, name=f"Load {n:02d}", role="member", locale="en",
                    municipality=municipality)  # fmt: skip
        user.set_password(password)
        db.session.add(user)
    return user


def remove_scale_data():
    """Take every synthetic row out again; returns how many municipalities went."""
    synthetic = db.select(Municipality.id).where(Municipality.code.startswith(PREFIX))
    for project in db.session.execute(
        db.select(Project).where(Project.municipality_id.in_(synthetic))
    ).scalars():
        db.session.delete(project)
    for profile in db.session.execute(
        db.select(Profile).where(Profile.municipality_id.in_(synthetic))
    ).scalars():
        db.session.delete(profile)
    for user in db.session.execute(
        db.select(User).where(User.email.like(f"%{DOMAIN}"))
    ).scalars():
        for project in db.session.execute(
            db.select(Project).where(Project.created_by_id == user.id)
        ).scalars():
            db.session.delete(project)
        db.session.delete(user)
    rows = db.session.execute(
        db.select(Municipality).where(Municipality.code.startswith(PREFIX))
    ).scalars().all()
    for m in rows:
        db.session.delete(m)
    db.session.commit()
    refresh_statistics()
    return len(rows)


def refresh_statistics():
    """Let the database's query planner see the tables as they are after a bulk change.

    PostgreSQL's autovacuum analyzes a table some time after it grew (and never where it is
    turned off); until then the planner takes 20,000 open projects for a few dozen, and the
    project list's first page sorts all of them (21 ms) instead of reading the newest
    twenty by index (0.1 ms). SQLite keeps the same statistics in ``sqlite_stat1``.
    """
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
