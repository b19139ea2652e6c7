"""Input that must never reach a view as a 500: files sent to forms, a Host header that is
no host name, NUL bytes in the address of a request too large to read."""

import io

import pytest

from tests.conftest import pack_count


@pytest.mark.parametrize(
    "url, fields",
    [
        ("/login", {"email": "a@example.org"}),
        ("/reset", {}),
        ("/municipalities/1280/profile", {"description": "Om kommunen"}),
        ("/projects/new", {"title": "Ett projekt"}),
        ("/settings", {"digest_frequency": "weekly"}),
    ],
)
def test_a_file_sent_to_a_form_is_a_clear_400(client, member, url, fields):
    field = "password" if url == "/login" else "email" if url == "/reset" else "needs"
    response = client.post(
        url,
        data={**fields, field: (io.BytesIO(b"secret"), "field.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Formuläret tar inte emot filer." in response.get_data(as_text=True)


def test_a_form_sent_as_multipart_without_files_still_works(app, client, make_user):
    _, email = make_user(email="multipart@malmo.example")
    response = client.post(
        "/login",
        data={"email": email, "password": "correct horse battery"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302


@pytest.mark.parametrize("host", ["a" * 64 + ".example", "x" * 300, "bad host", "kop.test:port"])
def test_a_host_header_that_is_no_host_name_is_a_plain_400(client, host):
    for url in ("/", "/login", "/projects", "/no-such-page", "/api/v1/public/themes"):
        response = client.get(url, headers={"Host": host})
        assert response.status_code == 400, (host, url)
        assert b"Host header" in response.data


def test_ordinary_hosts_pass(client):
    for host in ("localhost", "kop.test:5000", "127.0.0.1:8080", "[::1]:5000", "kop_web"):
        assert client.get("/login", headers={"Host": host}).status_code == 200, host


def test_a_nul_byte_in_the_address_is_400_even_with_a_body_too_large_to_read(client):
    response = client.post(
        "/unsubscribe/%00",
        data=b"x" * (1100 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)


def _dies_once(app, kill):
    """A page whose first reading loses its database connection (``kill`` does it)."""
    from app.extensions import db
    from app.models import Municipality

    calls = []

    @app.route("/test/dies-once", methods=["GET", "POST"])
    def dies_once():
        calls.append(1)
        if len(calls) == 1:
            kill()
        return str(db.session.execute(db.select(db.func.count(Municipality.id))).scalar_one())

    return calls


def test_a_read_whose_connection_dies_is_read_again_once(app):
    from sqlalchemy.exc import OperationalError

    def kill():
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"),
                               connection_invalidated=True)  # fmt: skip

    calls = _dies_once(app, kill)
    response = app.test_client().get("/test/dies-once")
    assert response.status_code == 200 and len(calls) == 2
    assert response.data == str(pack_count()).encode()


def test_a_write_whose_connection_dies_is_not_repeated(app):
    from sqlalchemy.exc import OperationalError

    def kill():
        raise OperationalError("UPDATE x", {}, Exception("gone"), connection_invalidated=True)

    calls = _dies_once(app, kill)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert app.test_client().post("/test/dies-once").status_code == 500
    assert len(calls) == 1


def test_a_read_survives_postgresql_killing_its_connection(app):
    """pg_terminate_backend on the request's own connection, as a failover does."""
    from sqlalchemy import text

    from app.extensions import db

    def kill():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with db.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        db.session.execute(text("SELECT 1"))

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("pg_terminate_backend is PostgreSQL's; the suite runs again on it")
    calls = _dies_once(app, kill)
    response = app.test_client().get("/test/dies-once")
    assert response.status_code == 200 and len(calls) == 2
    assert response.data == str(pack_count()).encode()


@pytest.mark.parametrize(
    "url",
    [
        "/projects/2147483648",
        "/projects/99999999999999999999/suggestions",
        "/contacts/9223372036854775808",
        "/admin/themes/2147483648",
        "/projects?theme=99999999999999999999&page=99999999999999999999",
        "/municipalities?theme=-1",
        "/admin/audit?to=9999-12-31&from=0001-01-01&page=2147483648",
        "/projects?endpoint=x&_method=POST&_external=1&page=2",
    ],
)
def test_absurd_ids_and_numbers_are_404_or_ignored(client, admin, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url


def test_a_nul_byte_is_a_clear_400_even_on_login(client):
    response = client.post("/login", data={"email": "a\x00@b.example", "password": "x"})
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
    assert client.get("/projects?q=a%00b").status_code == 400


def test_a_huge_body_is_refused_with_413_in_the_users_language(client, member):
    response = client.post(
        "/municipalities/1280/profile",
        data={"description": "x" * (2 * 1024 * 1024)},
        headers={"Accept-Language": "da"},
    )
    assert response.status_code == 413
    assert "For stor" in response.get_data(as_text=True) or "for stort" in response.get_data(
        as_text=True
    )
