"""A member fills the profile (with a mistake first), posts a project and finds it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_profile_with_a_mistake_then_saved(page, login, live_app):
    login("malmo@kop.example")
    base = live_app.config["LIVE_URL"]
    page.goto(base + "/municipalities/1280/profile")
    page.get_by_label("Om kommunen").fill("För kort")
    page.get_by_label("Vad vi söker").fill("Vi söker danska erfarenheter av skybrudsplaner.")
    page.get_by_label("Vad vi erbjuder").fill("Vi erbjuder kunskap om språkcaféer.")
    page.get_by_role("button", name="Spara profilen").click()
    expect(page.get_by_text("Skriv mellan 30 och 5000 tecken.", exact=True)).to_be_visible()
    expect(page.get_by_text("Rätta de markerade fälten.")).to_be_visible()
    # What was typed is still there.
    assert page.get_by_label("Vad vi söker").input_value().startswith("Vi söker danska")
    page.get_by_label("Om kommunen").fill("Malmö stad arbetar med hållbar stadsutveckling.")
    page.get_by_label("Klimatanpassning och vatten").check()
    page.get_by_label("Studiebesök").check()
    page.get_by_label("Svenska").check()
    page.get_by_role("button", name="Spara profilen").click()
    expect(page.get_by_text("Profilen har sparats.")).to_be_visible()
    expect(page.get_by_text("Vi söker danska erfarenheter av skybrudsplaner.")).to_be_visible()


def test_post_a_project_and_find_it_with_filters(page, login, live_app):
    login("kobenhavn@kop.example")  # Danish user: the interface is in Danish
    base = live_app.config["LIVE_URL"]
    page.goto(base + "/projects/new")
    page.get_by_label("Titel").fill("Grønne tage i København")
    page.get_by_label("Resumé").fill("Vi vil udbrede grønne tage og regnbede i tætte bydele.")
    page.get_by_label("Hvad vi søger hos en partner").fill("En svensk kommune med grønne tak.")
    page.get_by_label("Hvad vi tilbyder").fill("Vi tilbyder vores skybrudsplan og erfaring.")
    page.get_by_label("Klimatilpasning og vand").check()
    page.get_by_label("Samarbejdsform").select_option("study_visit")
    page.get_by_label("Langsigtet fælles udvikling").check()
    page.get_by_label("Skåne").check()
    page.get_by_role("button", name="Offentliggør projektet").click()
    expect(page.get_by_text("Projektet er offentliggjort.")).to_be_visible()
    page.goto(base + "/projects")
    page.get_by_label("Land", exact=True).select_option("DK")
    page.get_by_label("Søg", exact=True).fill("tage")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("link", name="Grønne tage i København")).to_be_visible()
    page.get_by_label("Land", exact=True).select_option("SE")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("Ingen åbne projekter passer til filtrene.")).to_be_visible()


def test_cannot_edit_another_municipalitys_profile(page, login, live_app):
    login("kobenhavn@kop.example")
    response = page.goto(live_app.config["LIVE_URL"] + "/municipalities/1280/profile")
    assert response.status == 403
    expect(page.get_by_text("Du har ikke adgang til at se eller ændre dette.")).to_be_visible()
    page.goto(live_app.config["LIVE_URL"] + "/municipalities/1280")
    assert page.get_by_role("link", name="Rediger profilen").count() == 0


def test_a_long_paste_is_kept_and_counted_not_cut(page, login, live_app):
    login("malmo@kop.example")
    page.goto(live_app.config["LIVE_URL"] + "/municipalities/1280/profile")
    long_text = "Vi arbetar med klimat. " * 300  # about 6,900 characters, over 5,000
    page.locator("#description").fill(long_text)
    assert len(page.locator("#description").input_value()) == len(long_text)
    expect(page.locator("#description + .counter")).to_have_class("counter over")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Skriv mellan 30 och 5000 tecken.", exact=True)).to_be_visible()
    # nothing lost (but the white space at the ends, which is never stored)
    assert len(page.locator("#description").input_value()) == len(long_text.strip())


def test_the_counter_counts_an_emoji_as_one_character(page, login, live_app):
    login("malmo@kop.example")
    page.goto(live_app.config["LIVE_URL"] + "/municipalities/1280/profile")
    page.wait_for_load_state("networkidle")  # the favicon too, before the test ends
    page.locator("#description").fill("🌊" * 10)
    expect(page.locator("#description + .counter")).to_contain_text("10 av 5")
