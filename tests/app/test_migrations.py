"""Migrations: one head, an upgrade from nothing, and no drift from the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.conftest import make_test_config
from tests.database import scratch_database_url


@pytest.fixture
def empty_app(tmp_path):
    url = scratch_database_url(tmp_path, "migrations")
    app = create_app(test_config=make_test_config(tmp_path, DATABASE_URL=url))
    with app.app_context():
        _wipe(app)
    yield app
    with app.app_context():
        _wipe(app)
        db.engine.dispose()


def _wipe(app):
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()


def test_exactly_one_head(empty_app):
    with empty_app.app_context():
        config = empty_app.extensions["migrate"].migrate.get_config()
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_from_empty_database_matches_models(empty_app):
    with empty_app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == []
        tables = set(db.inspect(db.engine).get_table_names())
        assert {"municipality", "theme", "user", "profile", "project"} <= tables
