"""Languages: locale selection, the switcher, and complete sv/da catalogs."""

import os

import pytest
from babel.messages.pofile import read_po

from app.extensions import db
from app.models import User

TRANSLATIONS = os.path.join(os.path.dirname(__file__), "..", "..", "app", "translations")


def test_swedish_is_the_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "Logga in" in page


def test_accept_language_picks_danish(client):
    page = client.get("/login", headers={"Accept-Language": "da-DK,da;q=0.9,en;q=0.5"})
    assert "Log ind" in page.get_data(as_text=True)


def test_unsupported_browser_language_falls_back_to_swedish(client):
    page = client.get("/login", headers={"Accept-Language": "de-DE"})
    assert '<html lang="sv">' in page.get_data(as_text=True)


def test_saved_choice_beats_the_browser(client, auth, make_user):
    _, email = make_user(locale="da")
    auth.login(email)
    page = client.get("/dashboard", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Overblik" in page and '<html lang="da">' in page


def test_switcher_saves_the_choice_for_the_user(app, client, member):
    response = client.post("/language", data={"locale": "da", "next": "/dashboard"})
    assert response.headers["Location"] == "/dashboard"
    assert "Overblik" in client.get("/dashboard").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, member[0]).locale == "da"


def test_switcher_works_for_anonymous_visitors(client):
    client.post("/language", data={"locale": "en"})
    assert "Log in" in client.get("/login").get_data(as_text=True)


def test_switcher_refuses_unknown_languages_and_foreign_next(client):
    assert client.post("/language", data={"locale": "xx"}).status_code == 400
    response = client.post("/language", data={"locale": "da", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_switcher_is_on_every_page(client, auth, make_user):
    assert 'action="/language"' in client.get("/login").get_data(as_text=True)
    auth.login(make_user()[1])
    for url in ("/dashboard", "/no-such-page"):
        assert 'action="/language"' in client.get(url).get_data(as_text=True), url


@pytest.mark.parametrize("lang", ["sv", "da", "nb"])
def test_catalog_is_complete(lang):
    """Fails when a message in the template is untranslated or fuzzy in sv, da or nb."""
    with open(os.path.join(TRANSLATIONS, "messages.pot"), "rb") as fh:
        template_ids = {m.id for m in read_po(fh) if m.id}
    with open(os.path.join(TRANSLATIONS, lang, "LC_MESSAGES", "messages.po"), "rb") as fh:
        catalog = read_po(fh, locale=lang)

    def done(message):
        strings = [message.string] if isinstance(message.string, str) else message.string
        return all(strings) and not message.fuzzy

    translated = {m.id for m in catalog if m.id and done(m)}
    assert template_ids - translated == set()
    assert not catalog.fuzzy


def test_template_catalog_holds_every_string_in_the_code(tmp_path):
    """Fails when code or templates gained a string that `make update-catalogs` did not pull."""
    from babel.messages.frontend import CommandLineInterface

    root = os.path.join(os.path.dirname(__file__), "..", "..")
    out = tmp_path / "fresh.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            os.path.join(root, "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "N_",
            "-o",
            str(out),
            os.path.join(root, "app"),
            os.path.join(root, "matching"),
        ]
    )
    with open(out, "rb") as fh:
        fresh = {m.id for m in read_po(fh) if m.id}
    with open(os.path.join(TRANSLATIONS, "messages.pot"), "rb") as fh:
        shipped = {m.id for m in read_po(fh) if m.id}
    assert fresh - shipped == set()
