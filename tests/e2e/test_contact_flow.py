"""From login to a contact sent, and the other side accepting it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MESSAGE = "Hej! Vi vill gärna lära av er skybrudsplan. Kan vi ses i vår?"


@pytest.fixture
def with_content():
    return True


def test_contact_is_sent_and_accepted(page, login, live_app):
    base = live_app.config["LIVE_URL"]
    login("malmo@kop.example")
    page.get_by_role("link", name="Skyfallssäkrade stadsdelar").click()
    page.get_by_role("link", name="Föreslagna partner").click()
    # København comes first: Malmö already works with it on the water of the Sound.
    first = page.locator("article.suggestion").first
    assert first.locator("h2").inner_text() == "København"
    expect(first.get_by_text("Ni har samarbetat förut")).to_be_visible()
    # Gladsaxe, whose cloudburst plan is what the project asks for, is right behind.
    names = page.locator("article.suggestion h2").all_inner_texts()
    assert "Gladsaxe" in names[:3]
    assert page.locator("svg.region-map path.candidate").count() >= 1
    copenhagen = page.locator("#candidate-101")
    copenhagen.get_by_text("Kontakta København").click()
    copenhagen.get_by_label("Meddelande").fill(MESSAGE)
    copenhagen.get_by_role("button", name="Skicka").click()
    expect(page.get_by_text("Ert meddelande har skickats till København.")).to_be_visible()
    expect(page.locator("#candidate-101").get_by_text("Kontaktad (Väntar på svar)")).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()

    login("kobenhavn@kop.example")  # a Danish user
    expect(page.get_by_text("1 kontakt venter på jeres svar")).to_be_visible()
    page.get_by_role("link", name="Skyfallssäkrade stadsdelar").first.click()
    expect(page.get_by_text(MESSAGE)).to_be_visible()
    assert page.get_by_text("malmo@kop.example").count() == 0
    page.get_by_label("Svar (valgfrit)").fill("Velkommen! Vi viser gerne vores skybrudsveje.")
    page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_text("I har accepteret kontakten.")).to_be_visible()
    expect(page.get_by_role("link", name="malmo@kop.example")).to_be_visible()
    page.get_by_role("button", name="Log ud").click()

    login("malmo@kop.example")
    page.goto(base + "/contacts")
    page.get_by_role("link", name="Skyfallssäkrade stadsdelar").click()
    expect(page.get_by_text("Accepterad").first).to_be_visible()
    expect(page.get_by_role("link", name="kobenhavn@kop.example")).to_be_visible()
