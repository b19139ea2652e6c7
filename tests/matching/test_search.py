"""Free-text search in both languages: a query in one finds the other's words for the same
thing (compounds and cognates included), never inside a name, best match first."""

import pytest

from matching import search

TEXTS = {
    "preparedness": [("Krisberedskap i kommunerna", 3), ("Vi stärker krisberedskapen.", 1)],
    "marine": [("Havsmiljö i Östersjön", 3), ("Renare hav och kuster.", 1)],
    "harbours": [("Levande fiskehamnar", 3), ("Småskaligt fiske i små hamnar.", 1)],
    "language_cafe": [("Sprogcaféer med frivillige", 3),
                      ("I København mødes frivillige og nye borgere.", 1)],
    "procurement": [("Klimakrav i offentlige udbud", 3), ("Klimakrav i indkøb.", 1),
                    ("Klimat och energi; Upphandling; Klima og energi; Udbud", 2)],
    "adaptation": [("Skyfallssäkrade stadsdelar", 3), ("Vi skyddar stadsdelar mot skyfall.", 1),
                   ("Klimatanpassning; Klimatilpasning; Climate adaptation", 2)],
    "eldercare": [("Välfärdsteknik i äldreomsorgen", 3), ("Digitala lås i hemtjänsten.", 1)],
    "cycling": [("Cykelsuperstier til pendlere", 3), ("Nye cykelstier mellem byerne.", 1)],
}  # fmt: skip


@pytest.mark.parametrize(
    "query, first",
    [
        ("beredskab", "preparedness"),  # da → sv compound head, b/p
        ("krisberedskab", "preparedness"),
        ("havmiljø", "marine"),  # da → sv, linking s
        ("havsmiljö", "marine"),
        ("havn", "harbours"),  # da → sv compound head by concept (fiskehamnar)
        ("hamn", "harbours"),
        ("klimatilpasning", "adaptation"),  # the adaptation project first, not procurement
        ("upphandling", "procurement"),  # sv → da by the lexicon
        ("ældrepleje", "eldercare"),  # da → sv by the lexicon
        ("pendling", "cycling"),  # sv → da by stem (pendlere)
        ("cykel", "cycling"),  # a prefix of compounds
    ],
)
def test_a_query_in_one_language_finds_the_other_first(query, first):
    assert search.rank(query, TEXTS)[0] == first


def test_a_word_is_never_found_inside_a_name():
    """"havn" found the language cafés through "København"."""
    assert "language_cafe" not in search.rank("havn", TEXTS)


def test_every_word_must_be_found():
    assert search.rank("havn beredskab", TEXTS) == []
    assert search.rank("krisberedskap kommunerna", TEXTS) == ["preparedness"]


def test_a_query_of_stop_words_or_signs_is_looked_for_as_written():
    assert search.rank("KL:s", {"a": [("Nätverk i KL:s regi", 1)], "b": [("Annat", 1)]}) == [
        "a"
    ]
