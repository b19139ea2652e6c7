import pytest

from app import create_app


def test_missing_secret_key_is_a_clear_error(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(test_config={"SECRET_KEY": None, "DATABASE_URL": f"sqlite:///{tmp_path}/x"})


def test_test_config_overrides_defaults(app, app_config):
    assert app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0] in {"sqlite", "postgresql+psycopg"}
    assert app.config["MAIL_OUTBOX"] == app_config["MAIL_OUTBOX"]


def test_postgres_urls_use_psycopg3(tmp_path):
    app = create_app(test_config={"SECRET_KEY": "x", "DATABASE_URL": "postgres://u@localhost/db"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@localhost/db"
