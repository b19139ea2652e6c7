"""A sentence finds its translation first across Swedish, Danish and Norwegian (bokmål),
non-cognates included."""

import pytest

from matching import Document, Matcher

PAIRS = [
    ("Vi söker samarbete om förskolans pedagogik.", "Vi søger samarbejde om børnehavens pædagogik."),
    ("Kommunen vill utveckla näringslivet i landsbygden.", "Kommunen vil udvikle erhvervslivet i landdistrikterne."),
    ("Offentlig upphandling med klimatkrav för livsmedel.", "Offentligt udbud med klimakrav til fødevarer."),
    ("Räddningstjänsten övar krisberedskap vid översvämning.", "Beredskabet øver krisehåndtering ved oversvømmelse."),
    ("Äldreboenden behöver ny välfärdsteknik.", "Plejehjem har brug for ny velfærdsteknologi."),
    ("Arbetsförmedlingen hjälper unga arbetslösa till jobb.", "Jobcentret hjælper unge ledige i job."),
    ("Dagvatten och skyfall i täta stadsdelar.", "Regnvand og skybrud i tætte bydele."),
    ("Översiktsplanen styr nya bostäder vid stationen.", "Kommuneplanen styrer nye boliger ved stationen."),
    ("Biblioteket erbjuder läsfrämjande för barn.", "Biblioteket tilbyder læselyst for børn."),
    ("Cykelturism längs kusten förlänger säsongen.", "Cykelturisme langs kysten forlænger sæsonen."),
    ("Återvinning av matavfall till biogas.", "Genanvendelse af madaffald til biogas."),
    ("Kollektivtrafik och pendling över Öresund.", "Kollektiv trafik og pendling over Øresund."),
]  # fmt: skip


# The same sentences in bokmål (Norwegian words where they differ: barnehage, NAV,
# anskaffelser, brannvesen, sykehjem, overvann, styrtregn, sykkel, gjenvinning).
NORWEGIAN = [
    "Vi søker samarbeid om barnehagens pedagogikk.",
    "Kommunen vil utvikle næringslivet i distriktene.",
    "Offentlige anskaffelser med klimakrav til matvarer.",
    "Brannvesenet øver på kriseberedskap ved oversvømmelse.",
    "Sykehjem trenger ny velferdsteknologi.",
    "NAV hjelper unge arbeidsledige i jobb.",
    "Overvann og styrtregn i tette bydeler.",
    "Kommuneplanen styrer nye boliger ved stasjonen.",
    "Biblioteket tilbyr leselyst for barn.",
    "Sykkelturisme langs kysten forlenger sesongen.",
    "Gjenvinning av matavfall til biogass.",
    "Kollektivtrafikk og pendling over Øresund.",
]


def top1(queries, query_country, targets, target_country):
    """Share of ``queries`` whose own translation in ``targets`` ranks first."""
    docs = [Document(f"t{i}", target_country, description=t) for i, t in enumerate(targets)]
    matcher = Matcher().fit(docs)
    hits = [
        matcher.rank(Document(f"q{i}", query_country, description=q), k=1)[0].id == f"t{i}"
        for i, q in enumerate(queries)
    ]
    return sum(hits) / len(hits)


@pytest.mark.parametrize(
    ("source", "source_country", "target", "target_country"),
    [
        ("nb", "NO", "sv", "SE"),
        ("sv", "SE", "nb", "NO"),
        ("nb", "NO", "da", "DK"),
        ("da", "DK", "nb", "NO"),
    ],
)
def test_norwegian_sentences_find_their_swedish_and_danish_translations_first(
    source, source_country, target, target_country
):
    texts = {"sv": [sv for sv, _ in PAIRS], "da": [da for _, da in PAIRS], "nb": NORWEGIAN}
    assert top1(texts[source], source_country, texts[target], target_country) == 1.0


def test_every_swedish_sentence_ranks_its_danish_translation_first():
    danish = [Document(f"da{i}", "DK", description=da) for i, (_, da) in enumerate(PAIRS)]
    matcher = Matcher().fit(danish)
    for i, (sv, _) in enumerate(PAIRS):
        first = matcher.rank(Document(f"sv{i}", "SE", description=sv), k=1)[0]
        assert first.id == f"da{i}", sv
