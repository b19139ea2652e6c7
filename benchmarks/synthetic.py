"""Synthetic bilingual corpora for the speed benchmarks (deterministic for a seed).

Documents are built from topic vocabularies in Swedish and Danish with shared cognates,
non-cognates from the lexicon, and filler, so that they look like municipal profiles in
size and word statistics; they carry no meaning.
"""

import random

from matching import Cooperation, Document

TOPICS = {
    "education": (
        "skola förskola elever lärare undervisning utbildning pedagogik",
        "skole børnehave elever lærere undervisning uddannelse pædagogik",
    ),
    "labour_market": (
        "arbetsmarknad arbetsförmedling arbetslösa pendling jobb praktik",
        "arbejdsmarked jobcenter ledige pendling job praktik",
    ),
    "tourism": (
        "turism besökare kust strand cykelturism vandringsleder säsong",
        "turisme turister kyst strand cykelturisme vandreruter sæson",
    ),
    "business": (
        "näringsliv företag företagare export kunder tillväxt innovation",
        "erhvervsliv virksomheder iværksættere eksport kunder vækst innovation",
    ),
    "climate_adaptation": (
        "dagvatten skyfall översvämning klimatanpassning regnbäddar",
        "regnvand skybrud oversvømmelse klimatilpasning regnbede",
    ),
    "health_care": (
        "äldreboende äldreomsorg hemtjänst välfärdsteknik personal",
        "plejehjem ældrepleje hjemmepleje velfærdsteknologi medarbejdere",
    ),
    "procurement": (
        "upphandling leverantörer avtal inköp klimatkrav",
        "udbud leverandører kontrakter indkøb klimakrav",
    ),
    "preparedness": (
        "räddningstjänst krisberedskap brand olyckor övning",
        "beredskab krise brand ulykker øvelse",
    ),
    "planning": (
        "översiktsplan planering bostäder stadsutveckling detaljplan",
        "kommuneplan planlægning boliger byudvikling lokalplan",
    ),
    "circular": (
        "avfall återvinning återbruk matavfall biogas",
        "affald genbrug genanvendelse madaffald biogas",
    ),
    "transport": (
        "kollektivtrafik cykelvägar mobilitet trafik parkering",
        "kollektiv trafik cykelstier mobilitet trafik parkering",
    ),
    "culture": (
        "kultur bibliotek museum konst evenemang",
        "kultur bibliotek museum kunst begivenheder",
    ),
}
FILLER = (
    "kommun samarbete utveckla erfarenhet kunskap projekt invånare",
    "kommune samarbejde udvikle erfaring viden projekt borgere",
)
PHRASES = (
    ("Vi söker", "Vi erbjuder", "Kommunen arbetar med"),
    ("Vi søger", "Vi tilbyder", "Kommunen arbejder med"),
)


def _sentence(rng, words, filler, opener, n):
    chosen = [rng.choice(words) for _ in range(n)] + [rng.choice(filler) for _ in range(n // 3)]
    rng.shuffle(chosen)
    return f"{opener} " + " ".join(chosen) + "."


def make_document(rng, doc_id, country=None):
    """One synthetic profile with 2–3 topics."""
    country = country or rng.choice(("SE", "DK"))
    side = 0 if country == "SE" else 1
    topics = rng.sample(sorted(TOPICS), rng.randint(2, 3))
    words = [w for t in topics for w in TOPICS[t][side].split()]
    filler = FILLER[side].split()
    desc = " ".join(
        _sentence(rng, words, filler, PHRASES[side][2], rng.randint(8, 14)) for _ in range(2)
    )
    needs = _sentence(rng, words, filler, PHRASES[side][0], rng.randint(6, 10))
    offers = _sentence(rng, words, filler, PHRASES[side][1], rng.randint(6, 10))
    return Document(
        id=doc_id,
        country=country,
        description=desc,
        needs=needs,
        offers=offers,
        themes=frozenset(topics[:2]),
        language="sv" if side == 0 else "da",
        activity=float(rng.choice((0, 0, 1, 2, 5))),
    )


def make_corpus(n, seed=0):
    rng = random.Random(seed)
    return [make_document(rng, f"d{i}") for i in range(n)]


def make_queries(n, seed=1):
    rng = random.Random(seed)
    return [make_document(rng, f"q{i}") for i in range(n)]


def make_history(documents, n, seed=2):
    """``n`` synthetic cooperations among ``documents``, with a realistic skew.

    Members are drawn with weights ~ 1/rank (a few municipalities take part in a great deal,
    most in little); each cooperation has 2–6 members from both countries, a text like a
    project summary, one or two themes, and a year from 2000 to 2025.
    """
    rng = random.Random(seed)
    ids = [d.id for d in documents]
    cumulative, total = [], 0.0
    for rank in range(len(ids)):
        total += 1.0 / (rank + 1)
        cumulative.append(total)
    out = []
    for i in range(n):
        size = rng.randint(2, 6)
        members = set(rng.choices(ids, cum_weights=cumulative, k=size))
        doc = make_document(rng, f"h{i}")
        out.append(
            Cooperation(
                f"c{i}",
                frozenset(members),
                text=f"{doc.description} {doc.needs}",
                themes=doc.themes,
                year=rng.randint(2000, 2025),
                title=f"Cooperation {i}",
            )
        )
    return out
