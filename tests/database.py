"""One test database per session: the schema is created once, and each test starts from a
snapshot (reference data, demo users, or the whole demo) restored in a few milliseconds.

SQLite by default (a file in the session's temporary folder); PostgreSQL when
``KOP_TEST_DATABASE_URL`` is set.
"""

import os

from sqlalchemy import insert, text

from app.extensions import db

STATES = ("reference", "demo_users", "demo")


class TestDatabase:
    """The session's database and the snapshots the tests start from."""

    def __init__(self, url):
        self.url = url
        self.snapshots = {}

    def build(self, app, demo_password):
        """Create the schema and take one snapshot per state (run once per session)."""
        from app.demo.content import create_demo_content
        from app.demo.users import create_demo_users
        from app.reference import seed_history, seed_reference_data

        with app.app_context():
            db.drop_all()
            db.create_all()
            seed_reference_data()
            seed_history()
            self.snapshots["reference"] = self._rows()
            create_demo_users(demo_password)
            self.snapshots["demo_users"] = self._rows()
            create_demo_content()
            self.snapshots["demo"] = self._rows()
            db.session.remove()

    @staticmethod
    def _rows():
        db.session.commit()
        rows = {}
        with db.engine.connect() as conn:
            for table in db.metadata.sorted_tables:
                rows[table.name] = [dict(r._mapping) for r in conn.execute(table.select())]
        return rows

    def restore(self, state):
        """Empty every table and put the rows of ``state`` back (inside an app context)."""
        rows = self.snapshots[state]
        tables = db.metadata.sorted_tables
        db.session.remove()
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(tables):
                    conn.execute(table.delete())
            for table in tables:
                if rows.get(table.name):
                    conn.execute(insert(table), rows[table.name])
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn, tables)


def _reset_sequences(conn, tables):
    """After explicit ids, the next id of each table follows the highest one."""
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not pk[0].autoincrement or str(pk[0].type) != "INTEGER":
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{pk[0].name}'), "
                f'COALESCE((SELECT MAX("{pk[0].name}") FROM "{table.name}"), 0) + 1, false)'
            )
        )


def session_database_url(tmp_dir):
    """SQLite in the session's folder, or KOP_TEST_DATABASE_URL; with pytest-xdist each
    worker gets a PostgreSQL database of its own (``<name>_gw0`` …)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if os.environ.get("KOP_TEST_DATABASE_URL") and worker:
        return scratch_database_url(tmp_dir, worker)
    return os.environ.get("KOP_TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.sqlite'}"


def scratch_database_url(tmp_path, name="scratch"):
    """An empty database of the same kind, apart from the session's (for the migrations)."""
    url = os.environ.get("KOP_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / (name + '.sqlite')}"
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    parsed = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    scratch = f"{parsed.database}_{name}" + (f"_{worker}" if worker and worker != name else "")
    engine = create_engine(parsed, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    engine.dispose()
    return parsed.set(database=scratch).render_as_string(hide_password=False)
