"""A Swedish sentence finds its Danish translation first, non-cognates included."""

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


def test_every_swedish_sentence_ranks_its_danish_translation_first():
    danish = [Document(f"da{i}", "DK", description=da) for i, (_, da) in enumerate(PAIRS)]
    matcher = Matcher().fit(danish)
    for i, (sv, _) in enumerate(PAIRS):
        first = matcher.rank(Document(f"sv{i}", "SE", description=sv), k=1)[0]
        assert first.id == f"da{i}", sv
