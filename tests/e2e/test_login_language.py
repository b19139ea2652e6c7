"""A demo user logs in, switches to Danish and sees the Danish dashboard."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_login_switch_to_danish_dashboard(page, login):
    login("malmo@kop.example")
    assert page.locator("h1").inner_text() == "Översikt"
    assert "Malmö stad" in page.content()
    page.get_by_role("button", name="Dansk").click()
    expect(page.locator("h1")).to_have_text("Overblik")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_text("Din kommune har ingen profil endnu.", exact=False)).to_be_visible()
    # The choice is saved: it survives logging out and in again.
    page.get_by_role("button", name="Log ud").click()
    login_again = page.get_by_role("button", name="Log ind")
    expect(login_again).to_be_visible()


def test_wrong_password_shows_a_clear_message(page, live_app):
    page.goto(live_app.config["LIVE_URL"] + "/login")
    page.get_by_label("E-post").fill("malmo@kop.example")
    page.get_by_label("Lösenord").fill("wrong")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_text("Fel e-postadress eller lösenord.", exact=True)).to_be_visible()
    assert page.get_by_label("Lösenord").get_attribute("aria-invalid") == "true"


def test_after_a_failed_submit_focus_is_on_what_to_correct(page, live_app):
    """Focus stayed on the body; errors could be below the fold."""
    page.goto(live_app.config["LIVE_URL"] + "/login")
    page.locator("#email").fill("nobody@example.org")
    page.locator("#password").fill("wrong password")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")  # the favicon too, before the test ends
    focused = page.evaluate("document.activeElement.className")
    assert "error-summary" in focused
