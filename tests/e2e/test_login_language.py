"""A demo user logs in, switches to Danish and sees the Danish dashboard."""

import pytest

pytestmark = pytest.mark.e2e


def test_login_switch_to_danish_dashboard(page, login):
    login("malmo@kop.example")
    assert page.locator("h1").inner_text() == "Översikt"
    assert "Malmö stad" in page.content()
    page.get_by_role("button", name="Dansk").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Overblik"
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_text("Din kommune har ingen profil endnu.", exact=False).is_visible()
    # The choice is saved: it survives logging out and in again.
    page.get_by_role("button", name="Log ud").click()
    login_again = page.get_by_role("button", name="Log ind")
    assert login_again.is_visible()


def test_wrong_password_shows_a_clear_message(page, live_app):
    page.goto(live_app.config["LIVE_URL"] + "/login")
    page.get_by_label("E-post").fill("malmo@kop.example")
    page.get_by_label("Lösenord").fill("wrong")
    page.get_by_role("button", name="Logga in").click()
    assert page.get_by_text("Fel e-postadress eller lösenord.").is_visible()
    assert page.get_by_label("Lösenord").get_attribute("aria-invalid") == "true"
