from app.area import load_area
from app.extensions import db
from app.models import User
from tests.conftest import TEST_AREA


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


def test_scale_data_is_marked_indexed_and_removable(app, runner, demo):
    from app.extensions import db
    from app.models import IndexChange, Municipality, Project

    result = runner.invoke(args=["demo", "--scale", "6"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        synthetic = db.session.execute(
            db.select(Municipality).where(Municipality.code.startswith("Z"))
        ).scalars().all()  # fmt: skip
        assert len(synthetic) == 6
        assert all(m.name.startswith("Syntetisk") and m.profile for m in synthetic)
        assert {m.country for m in synthetic} == set(load_area(TEST_AREA).country_codes)
        owned = db.session.execute(
            db.select(db.func.count()).select_from(Project)
            .where(Project.municipality_id.in_([m.id for m in synthetic]))
        ).scalar_one()  # fmt: skip
        assert owned == 12
        changed = set(db.session.execute(
            db.select(IndexChange.key).where(IndexChange.kind == "municipality")
        ).scalars())  # fmt: skip
        assert {m.id for m in synthetic} <= changed  # the index hears of them
        # The planner knows the tables' new size (it would sort every project otherwise).
        assert planned_rows("project") == db.session.execute(
            db.select(db.func.count()).select_from(Project)).scalar_one()  # fmt: skip
    removed = runner.invoke(args=["demo", "--remove-scale"])
    assert "Removed 6" in removed.output
    with app.app_context():
        assert not db.session.execute(
            db.select(Municipality).where(Municipality.code.startswith("Z"))
        ).first()


def planned_rows(table):
    """How many rows the database's query planner believes ``table`` has."""
    from app.extensions import db

    if db.engine.dialect.name == "postgresql":
        return int(db.session.execute(
            db.text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": table}
        ).scalar_one())  # fmt: skip
    stat = db.session.execute(
        db.text("SELECT stat FROM sqlite_stat1 WHERE tbl = :t LIMIT 1"), {"t": table}
    ).scalar_one()  # the first figure of a table's statistics is its row count
    return int(stat.split()[0])


def test_scale_data_never_goes_into_a_real_install(app, runner, make_user):
    make_user(email="someone@kommun.se")
    result = runner.invoke(args=["demo", "--scale", "4"])
    assert result.exit_code != 0 and "besides the demo" in result.output


def test_index_and_jobs_commands(make_app, demo, tmp_path):
    app = make_app("demo", INDEX_PERSIST=True, INDEX_DIR=str(tmp_path / "index"))
    runner = app.test_cli_runner()
    built = runner.invoke(args=["index", "build"])
    assert built.exit_code == 0 and "municipalities" in built.output
    status = runner.invoke(args=["index", "status"])
    assert '"newest_snapshot": "engine-' in status.output
    queued = runner.invoke(args=["jobs", "enqueue", "matches.refresh"])
    assert queued.exit_code == 0 and "on sync: done" in queued.output
    listed = runner.invoke(args=["jobs", "list"])
    assert "matches.refresh" in listed.output and "done" in listed.output
    assert runner.invoke(args=["jobs", "worker"]).exit_code != 0  # no Redis configured
