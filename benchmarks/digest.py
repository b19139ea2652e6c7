"""Digest build benchmark: N synthetic users on the demo corpus, no SMTP.

    .venv/bin/python benchmarks/digest.py --users 10000

Prints one JSON line: {"users": N, "build_s": ..., "emails": ..., "per_user_ms": ...,
"baseline_per_user_ms": ...}. build_s covers finding the due users, choosing their items
(set-wise) and rendering each email in its reader's language; the baseline builds the
digest of each of 200 users on its own, as a first version would.
"""

import argparse
import json
import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from flask_babel import force_locale  # noqa: E402

from app import create_app  # noqa: E402
from app.clock import utcnow  # noqa: E402
from app.demo.content import create_demo_content  # noqa: E402
from app.demo.users import create_demo_users  # noqa: E402
from app.digest.content import build_digests, due_users  # noqa: E402
from app.digest.delivery import snapshot  # noqa: E402
from app.digest.render import render_digest  # noqa: E402
from app.extensions import db  # noqa: E402
from app.i18n import recipient_locale  # noqa: E402
from app.matches.suggestions import refresh_all  # noqa: E402
from app.models import Municipality, Profile, User  # noqa: E402
from app.reference import seed_reference_data  # noqa: E402

BASELINE_USERS = 200


def setup(n_users):
    municipalities = (
        db.session.execute(
            db.select(Municipality).join(Profile, Profile.municipality_id == Municipality.id)
        )
        .scalars()
        .all()
    )
    db.session.add_all(
        User(
            email=f"user{i}@bench.example",
            name=f"User {i}",
            password_hash="not-a-login",
            municipality=municipalities[i % len(municipalities)],
            locale=("sv", "da", "en")[i % 3],
            digest_frequency="weekly",
        )
        for i in range(n_users)
    )
    db.session.commit()
    refresh_all()


def render_all(digests):
    emails = 0
    for digest in digests:
        if digest:
            with force_locale(recipient_locale(digest.user)):
                render_digest(digest.user, snapshot(digest), subject="KÖP Match")
            emails += 1
    return emails


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            test_config={
                "SECRET_KEY": "bench",
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite",
                "MAIL_OUTBOX": f"{tmp}/outbox",
                "SERVER_URL": "https://kop.example.org",
            }
        )
        with app.app_context():
            db.create_all()
            seed_reference_data()
            create_demo_users("benchmark password")
            create_demo_content()
            setup(args.users)
            now = utcnow()
            start = time.perf_counter()
            users = due_users(now)
            digests = build_digests(users, now)
            emails = render_all(digests)
            build_s = time.perf_counter() - start
            start = time.perf_counter()
            for user in users[:BASELINE_USERS]:
                render_all(build_digests([user], now))
            baseline = (time.perf_counter() - start) / min(BASELINE_USERS, len(users))
    print(
        json.dumps(
            {
                "users": len(users),
                "build_s": round(build_s, 2),
                "emails": emails,
                "per_user_ms": round(1000 * build_s / max(len(users), 1), 3),
                "baseline_per_user_ms": round(1000 * baseline, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
