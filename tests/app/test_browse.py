"""Browsing and searching the open projects."""

import re

import pytest

from app.extensions import db
from app.models import Theme


def _titles(client, query=""):
    page = client.get("/projects" + query).get_data(as_text=True)
    return page


def test_newest_first_and_counts(client, member, demo):
    page = _titles(client)
    assert "9 öppna projekt" in page
    assert page.index("Öresundsplattform") < page.index("Energiø og havvind")


@pytest.mark.parametrize(
    "query,present,absent",
    [
        ("?country=DK", "Sprogcaféer med frivillige", "Skyfallssäkrade stadsdelar"),
        ("?region=Sjælland", "Klimakrav i offentlige udbud", "Sprogcaféer med frivillige"),
        ("?form=study_visit", "Klimakrav i offentlige udbud", "Energiø og havvind"),
        ("?horizon=short", "Välfärdsteknik i hemtjänsten", "Öresundsplattform"),
        ("?q=skyfall", "Skyfallssäkrade stadsdelar", "Energiø og havvind"),
        ("?q=ÖRESUNDSPLATTFORM", "Öresundsplattform", "Energiø og havvind"),
        ("?q=bornholm", "Energiø og havvind", "Skyfallssäkrade stadsdelar"),
    ],
)
def test_filters_and_search_return_the_right_rows(client, member, demo, query, present, absent):
    page = _titles(client, query)
    assert present in page
    assert absent not in page


def test_theme_filter(app, client, member, demo):
    with app.app_context():
        theme_id = db.session.execute(
            db.select(Theme.id).where(Theme.code == "procurement")
        ).scalar_one()
    page = _titles(client, f"?theme={theme_id}")
    assert "Klimakrav i offentlige udbud" in page and "1 öppet projekt" in page


def test_search_treats_wildcards_literally(client, member, demo):
    assert "Inga öppna projekt matchar" in _titles(client, "?q=%25")


def test_pagination(app, client, member, demo):
    app.config["PROJECTS_PER_PAGE"] = 4
    first = _titles(client)
    assert "Sida 1 av 3" in first
    third = _titles(client, "?page=3")
    assert "Energiø og havvind" in third
    assert "Sida 3 av 3" in _titles(client, "?page=99")  # past the end: the last page


def test_bad_filter_values_are_ignored_not_errors(client, member, demo):
    response = client.get("/projects?country=XX&theme=abc&page=-3&form=bogus")
    assert response.status_code == 200
    assert "9 öppna projekt" in response.get_data(as_text=True)


def test_municipality_page_shows_profile_and_open_projects(client, member, demo):
    page = client.get("/municipalities/101").get_data(as_text=True)
    assert "Københavns Kommune" in page
    assert "sprogcaféer med frivillige" in page.lower()
    assert "Sprogcaféer med frivillige" in page


def test_one_search_finds_both_sides_words_for_the_same_thing(client, member, demo):
    """The engine's pipeline: "skyfall" finds the Danish "skybrud" and the reverse, and the
    Danish "ældrepleje" finds the Swedish elderly-care project."""
    for query, title in [
        ("skybrud", "Skyfallssäkrade stadsdelar"),
        ("äldreomsorg", "Välfärdsteknik i hemtjänsten"),
        ("ældrepleje", "Välfärdsteknik i hemtjänsten"),
    ]:
        assert title in client.get(f"/projects?q={query}").get_data(as_text=True), query


def test_search_reads_theme_labels_in_every_language_and_orders_by_relevance(
    app, client, member, demo
):
    """"klimatilpasning" (Danish) puts the climate-adaptation project first, found through
    its theme's label too; "havn" no longer finds the language cafés through "København"."""
    import re

    page = client.get("/projects?q=klimatilpasning").get_data(as_text=True)
    titles = re.findall(r'<h3><a href="/projects/\d+"[^>]*>([^<]+)</a>', page)
    assert titles and titles[0] == "Skyfallssäkrade stadsdelar", titles
    assert "Sprogcaféer med frivillige" not in client.get("/projects?q=havn").get_data(
        as_text=True
    )
    # A theme label in English finds the project in the Swedish interface.
    assert "Skyfallssäkrade stadsdelar" in client.get("/projects?q=adaptation").get_data(
        as_text=True
    )


def test_a_page_past_the_end_shows_the_last_page(app, client, member, demo):
    """?page=999 said "10 projects" and "no projects match" together."""
    app.config["PROJECTS_PER_PAGE"] = 4
    page = client.get("/projects?page=999").get_data(as_text=True)
    assert "Inga öppna projekt matchar" not in page
    assert 'href="/projects/' in page


def test_pager_links_carry_only_the_filters(app, client, member, demo):
    app.config["PROJECTS_PER_PAGE"] = 2
    page = client.get("/projects?_external=1&endpoint=x&horizon=long").get_data(as_text=True)
    links = re.findall(r'href="(/projects\?[^"]*)"', page)
    assert links and all("_external" not in link and "endpoint" not in link for link in links)
