"""Demo accounts: one admin and members on both sides of the strait."""

from app.extensions import db
from app.models import Municipality, User

# (email, name, municipality code, role, locale)
DEMO_USERS = [
    ("admin@kop.example", "Karin Admin", "1280", "admin", "sv"),
    ("malmo@kop.example", "Sara Lindqvist", "1280", "member", "sv"),
    ("helsingborg@kop.example", "Johan Berg", "1283", "member", "sv"),
    ("karlskrona@kop.example", "Elin Nyström", "1080", "member", "sv"),
    ("halmstad@kop.example", "Anders Holm", "1380", "member", "sv"),
    ("kobenhavn@kop.example", "Mette Hansen", "101", "member", "da"),
    ("helsingor@kop.example", "Lars Nielsen", "217", "member", "da"),
    ("roskilde@kop.example", "Sofie Jensen", "265", "member", "da"),
    ("bornholm@kop.example", "Peter Kofoed", "400", "member", "da"),
]


def create_demo_users(password):
    """Create the demo accounts that do not exist yet; returns them all."""
    users = []
    for email, name, code, role, locale in DEMO_USERS:
        user = db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()
        if user is None:
            municipality = db.session.execute(
                db.select(Municipality).where(Municipality.code == code)
            ).scalar_one()
            user = User(email=email, name=name, municipality=municipality, role=role, locale=locale)
            user.set_password(password)
            db.session.add(user)
        users.append(user)
    db.session.commit()
    return users
