"""What a new user sees: pages that fit the screen, strong suggestions apart from weaker
ones, and a plain word when nobody answers for a municipality."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def with_content():
    return True


def _suggestions(page, login):
    login("malmo@kop.example")
    page.get_by_role("link", name="Skyfallssäkrade stadsdelar").click()
    page.get_by_role("link", name="Föreslagna partner").click()


@pytest.mark.parametrize("width", [1280, 390])
def test_pages_fit_the_screen(page, login, width):
    page.set_viewport_size({"width": width, "height": 900})
    _suggestions(page, login)
    _fits(page, width)  # the suggestions
    page.get_by_role("link", name="Tillbaka till projektet").click()
    _fits(page, width)  # the project page
    page.get_by_role("link", name="Översikt").click()
    _fits(page, width)  # the dashboard


def _fits(page, width):
    # After a click the new document may still be replacing the old one: wait for it.
    page.wait_for_load_state("load")
    assert page.locator("html").evaluate("html => html.scrollWidth") <= width
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('.card')].filter(card => {
            const box = card.getBoundingClientRect();
            return [...card.querySelectorAll('*')].some(
                e => e.getBoundingClientRect().right > box.right + 1);
        }).length"""
    )
    assert overflow == 0


def test_strong_first_weaker_folded_and_nobody_to_answer_said(page, login):
    _suggestions(page, login)
    strong = page.locator(".suggestion-list > article.suggestion")
    assert strong.count() >= 2
    weaker = page.locator("details.weaker")
    expect(weaker.locator("> summary")).to_contain_text("svagare matchningar")
    expect(weaker.locator("article.suggestion").first).to_be_hidden()  # folded
    weaker.locator("> summary").click()
    expect(weaker.locator("article.suggestion").first).to_be_visible()
    gladsaxe = page.locator("#candidate-159")
    expect(gladsaxe.get_by_text("Ingen svarar för Gladsaxe på KÖP Match än")).to_be_visible()
    gladsaxe.get_by_text("Kontakta Gladsaxe").click()
    expect(gladsaxe.get_by_text("Skriv ändå")).to_be_visible()
