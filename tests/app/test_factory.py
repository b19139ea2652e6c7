
import pytest

from app import create_app


def test_missing_secret_key_is_a_clear_error(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(test_config={"SECRET_KEY": None, "DATABASE_URL": f"sqlite:///{tmp_path}/x"})


def test_test_config_overrides_defaults(tmp_path):
    url = f"sqlite:///{tmp_path}/given.sqlite"
    app = create_app(
        test_config={"SECRET_KEY": "x", "DATABASE_URL": url, "MAIL_OUTBOX": str(tmp_path / "o")}
    )
    assert app.config["SQLALCHEMY_DATABASE_URI"] == url  # not the instance folder's SQLite
    assert app.config["MAIL_OUTBOX"] == str(tmp_path / "o")
    assert app.config["PROJECTS_PER_PAGE"] == 20  # what the test config does not say: defaults


def test_postgres_urls_use_psycopg3(tmp_path):
    app = create_app(test_config={"SECRET_KEY": "x", "DATABASE_URL": "postgres://u@localhost/db"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@localhost/db"


def test_production_refuses_per_process_rate_limits(tmp_path):
    from app import create_app

    with pytest.raises(RuntimeError, match="KOP_RATELIMIT_STORAGE_URI"):
        create_app(
            test_config={"SECRET_KEY": "x", "PRODUCTION": True, "DATABASE_URL": "postgresql://x/y"}
        )


def test_production_refuses_cookies_that_may_travel_over_http(tmp_path):
    from app import create_app

    settings = {"SECRET_KEY": "x", "PRODUCTION": True, "DATABASE_URL": "postgresql://x/y",
                "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"}  # fmt: skip
    with pytest.raises(RuntimeError, match="KOP_SESSION_COOKIE_SECURE=true"):
        create_app(test_config=settings)
    app = create_app(test_config={**settings, "SESSION_COOKIE_SECURE": True,
                                  "REMEMBER_COOKIE_SECURE": True})  # fmt: skip
    assert app.config["PRODUCTION"]
