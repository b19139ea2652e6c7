"""Texts with the statistics of real Swedish and Danish, for scale data and benchmarks.

Words are drawn with their real frequencies from the lists of the ``wordfreq`` package
(Robyn Speer et al.; the lists ship inside the package, nothing is downloaded): Zipf-
distributed, with real stop words and a long tail of rare forms. A few topic words per
text (its themes) give rankings something to find. Deterministic for a seed. The texts
carry no meaning. ``wordfreq`` is a development dependency (``pip install -e '.[dev]'``).
"""

import re
from functools import lru_cache

import numpy as np

# Swedish: wordfreq's large list. Danish: its best list ("large" has no Danish data and
# would fall back to Norwegian).
WORDLISTS = {"sv": ("sv", "large", 150_000), "da": ("da", "best", 30_000),
             "nb": ("nb", "best", 30_000)}  # fmt: skip
# The topic words are Swedish and Danish; Norwegian texts take the Danish ones (most are
# spelt alike), which is enough for load tests.
TOPIC_SIDE = {"sv": 0, "da": 1, "nb": 1}
MUNICIPALITY_WORD = {"sv": "kommun", "da": "kommune", "nb": "kommune"}
WORD = re.compile(r"^[^\W\d_]{2,}$")
TOPICS = {
    "education": ("skola förskola elever lärare undervisning utbildning",
                  "skole børnehave elever lærere undervisning uddannelse"),
    "labour_market": ("arbetsmarknad arbetslösa pendling jobb praktik",
                      "arbejdsmarked ledige pendling job praktik"),
    "tourism": ("turism besökare kust strand cykelturism säsong",
                "turisme turister kyst strand cykelturisme sæson"),
    "business": ("näringsliv företag export kunder tillväxt innovation",
                 "erhvervsliv virksomheder eksport kunder vækst innovation"),
    "climate_adaptation": ("dagvatten skyfall översvämning klimatanpassning",
                           "regnvand skybrud oversvømmelse klimatilpasning"),
    "health_care": ("äldreboende äldreomsorg hemtjänst välfärdsteknik",
                    "plejehjem ældrepleje hjemmepleje velfærdsteknologi"),
    "procurement": ("upphandling leverantörer avtal inköp", "udbud leverandører kontrakter indkøb"),
    "preparedness": ("räddningstjänst krisberedskap brand olyckor",
                     "beredskab krise brand ulykker"),
    "planning": ("översiktsplan planering bostäder stadsutveckling",
                 "kommuneplan planlægning boliger byudvikling"),
    "circular": ("avfall återvinning återbruk biogas", "affald genbrug genanvendelse biogas"),
    "transport": ("kollektivtrafik cykelvägar mobilitet trafik", "trafik cykelstier mobilitet"),
    "culture": ("kultur bibliotek museum konst", "kultur bibliotek museum kunst"),
}  # fmt: skip
TOPIC_SHARE = 0.12  # of a text's words: enough signal to rank, the rest is language


@lru_cache(maxsize=3)
def vocabulary(language):
    """(words as an array, cumulative probabilities) of a language's real word frequencies."""
    from wordfreq import get_frequency_dict, top_n_list

    code, wordlist, n = WORDLISTS[language]
    frequency = get_frequency_dict(code, wordlist=wordlist)
    words = [w for w in top_n_list(code, n, wordlist=wordlist) if WORD.match(w)]
    freqs = np.array([frequency[w] for w in words], float)
    cumulative = np.cumsum(freqs / freqs.sum())
    cumulative[-1] = 1.0
    return np.array(words, dtype=object), cumulative


def _draw(rng, language, n):
    words, cumulative = vocabulary(language)
    return words[np.searchsorted(cumulative, rng.random(n), side="right")]


def text(rng, language, n, topic_words):
    """``n`` words in sentences of 8–20, about ``TOPIC_SHARE`` of them from ``topic_words``."""
    n_topic = max(1, int(n * TOPIC_SHARE))
    topic = np.array(topic_words, dtype=object)[rng.integers(0, len(topic_words), n_topic)]
    chosen = rng.permutation(np.concatenate([_draw(rng, language, n - n_topic), topic])).tolist()
    out, i = [], 0
    while i < len(chosen):
        size = int(rng.integers(8, 21))
        sentence = chosen[i : i + size]
        out.append(sentence[0].capitalize() + " " + " ".join(sentence[1:]) + ".")
        i += size
    return " ".join(out)


def document(rng, language):
    """A profile's or project's texts in ``language`` (one of ``WORDLISTS``) and themes:
    50–400 words over description, needs and offers, 2–3 topics (the first two are its
    themes)."""
    side = TOPIC_SIDE[language]
    codes = sorted(TOPICS)
    topics = [codes[i] for i in rng.choice(len(codes), int(rng.integers(2, 4)), replace=False)]
    topic_words = [w for t in topics for w in TOPICS[t][side].split()]
    total = int(rng.integers(50, 401))
    n_desc = int(total * 0.6)
    n_need = (total - n_desc) // 2
    return {
        "description": text(rng, language, n_desc, topic_words),
        "needs": text(rng, language, n_need, topic_words),
        "offers": text(rng, language, total - n_desc - n_need, topic_words),
        "themes": topics[:2],
        "language": language,
    }


def distinct_words(texts):
    """How many distinct word forms (lower-cased) the texts hold."""
    seen = set()
    for t in texts:
        seen.update(re.findall(r"[^\W\d_]+", t.lower()))
    return len(seen)
