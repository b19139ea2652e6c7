from app.extensions import db
from app.models import User


def test_users_create_makes_the_first_admin(app, runner, auth):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Boss@Example.org",
            "--municipality",
            "1280",
            "--role",
            "admin",
            "--password",
            "a long password",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        assert (user.email, user.role, user.municipality.name) == (
            "boss@example.org",
            "admin",
            "Malmö",
        )
    assert auth.login("boss@example.org", "a long password").status_code == 302


def test_users_create_refuses_unknown_municipality_and_duplicates(runner):
    bad = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@b.example",
            "--municipality",
            "9999",
            "--password",
            "x" * 12,
        ]
    )
    assert bad.exit_code != 0 and "9999" in bad.output
    args = [
        "users",
        "create",
        "--email",
        "a@b.example",
        "--municipality",
        "101",
        "--password",
        "x" * 12,
    ]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and "already exists" in again.output


def test_demo_creates_logins_once(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0
    assert "malmo@kop.example" in first.output and "kobenhavn@kop.example" in first.output
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        users = db.session.execute(db.select(User)).scalars().all()
        assert len(users) == len({u.email for u in users}) >= 8
        assert {u.municipality.country for u in users} == {"SE", "DK"}
