"""The Swedish and Danish pages have no English left: no catalog message shows untranslated."""

import html
import os
import re

import pytest
from babel.messages.pofile import read_po

from app.extensions import db
from app.models import User
from tests.conftest import DEMO_PASSWORD, project_id_by_title

TRANSLATIONS = os.path.join(os.path.dirname(__file__), "..", "..", "app", "translations")


def _english_messages(lang):
    """English source strings whose translation differs, long enough to be recognisable."""
    with open(os.path.join(TRANSLATIONS, lang, "LC_MESSAGES", "messages.po"), "rb") as fh:
        catalog = read_po(fh, locale=lang)
    out = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or "%" in message.id:
            continue
        if len(message.id) >= 12 and message.string != message.id:
            out.append(message.id)
    return out


def _visible_text(page):
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<svg\b.*?</svg>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("lang", ["sv", "da"])
def test_pages_have_no_english_left(app, client, auth, demo, lang):
    with app.app_context():
        admin = db.session.execute(
            db.select(User).where(User.email == "admin@kop.example")
        ).scalar_one()
        admin.locale = lang
        db.session.commit()
    auth.login("admin@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    urls = [
        "/dashboard",
        "/projects",
        "/projects/new",
        f"/projects/{project_id}",
        f"/projects/{project_id}/suggestions",
        f"/projects/{project_id}/edit",
        "/municipalities",
        "/municipalities/1280",
        "/municipalities/1280/profile",
        "/contacts",
        "/for-us",
        "/settings",
        "/admin/users",
        "/admin/themes",
        "/admin/themes/new",
        "/admin/weights",
        "/admin/audit",
        "/admin/stats",
        "/admin/settings",
        "/no-such-page",
    ]
    english = _english_messages(lang)
    for url in urls:
        text = _visible_text(client.get(url).get_data(as_text=True))
        left = [m for m in english if m in text]
        assert left == [], (url, left)
