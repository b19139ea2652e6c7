"""An admin raises a theme's weight, sees the preview move, applies it and rolls back."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def with_content():
    return True


def test_tune_preview_apply_and_roll_back(page, login, live_app):
    login("admin@kop.example")
    page.goto(live_app.config["LIVE_URL"] + "/admin/weights")
    expect(page.get_by_text("Version 0 gäller.")).to_be_visible()
    page.get_by_label("Anteckning (varför ändringen)").fill("Utgångsläge")
    page.get_by_role("button", name="Tillämpa som ny version").click()
    expect(page.get_by_text("Viktversion 1 gäller nu.")).to_be_visible()

    page.locator("#c_theme").fill("3")
    page.locator("#t_climate_adaptation").fill("3")
    page.locator("#c_description").fill("0")
    page.get_by_role("button", name="Förhandsvisa").click()
    expect(page.get_by_role("heading", name="Bevis")).to_be_visible()
    expect(page.locator(".preview.changed").first).to_be_visible()
    expect(page.locator(".move.up, .move.down, .move.new").first).to_be_visible()
    # A preview changes nothing: the version in force is still 1.
    expect(page.get_by_text("Version 1 gäller.")).to_be_visible()

    page.get_by_label("Anteckning (varför ändringen)").fill("Mer vikt på klimatanpassning")
    page.get_by_role("button", name="Tillämpa som ny version").click()
    expect(page.get_by_text("Viktversion 2 gäller nu.")).to_be_visible()
    expect(page.get_by_role("cell", name="Mer vikt på klimatanpassning")).to_be_visible()

    page.get_by_role("button", name="Återställ", exact=True).click()  # version 1, the only other
    expect(page.get_by_text("Viktversion 1 gäller nu.")).to_be_visible()
    expect(page.locator("#c_theme")).to_have_value("1.0")

    # Back to the code defaults: a draft first, shown with its preview, then applied.
    page.locator("#c_profile").fill("0.5")
    page.get_by_role("button", name="Tillämpa som ny version").click()
    expect(page.get_by_text("Viktversion 3 gäller nu.")).to_be_visible()
    page.get_by_role("button", name="Återställ standardvärdena").click()
    expect(page.get_by_role("heading", name="Bevis")).to_be_visible()
    expect(page.locator("#c_profile")).to_have_value("3.0")
    page.get_by_role("button", name="Tillämpa som ny version").click()
    expect(page.get_by_text("Viktversion 4 gäller nu.")).to_be_visible()
