"""Synthetic bilingual corpora for the scale benchmarks, from real word frequencies.

Profiles and projects are drawn from the Swedish and Danish word lists of the ``wordfreq``
package (Robyn Speer et al., frequencies from subtitles, Wikipedia, web text and more; the
lists ship inside the package, nothing is downloaded): each word with its real frequency,
so the texts are Zipf-distributed, have real stop words and a long tail of rare forms.
A few topic words per document (the themes) give rankings something to find. Sizes are
50–400 words per document, as municipal profiles and project descriptions run.
Deterministic for a seed. The texts carry no meaning; they have the statistics of text.

At N=100,000 the corpus has well over 50,000 distinct word forms (``distinct_words``).
"""

import re
from functools import lru_cache

import numpy as np
from wordfreq import top_n_list, word_frequency

from matching import Cooperation, Document

# Swedish: wordfreq's large list. Danish: its best list ("large" has no Danish data and
# would fall back to Norwegian); both are real usage frequencies.
WORDLISTS = {"sv": ("sv", "large", 150_000), "da": ("da", "best", 30_000)}
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
TOPIC_SHARE = 0.12  # of a document's words: enough signal to rank, the rest is language


@lru_cache(maxsize=2)
def vocabulary(language):
    """(words, cumulative probabilities) of a language's real word frequencies."""
    code, wordlist, n = WORDLISTS[language]
    words = [w for w in top_n_list(code, n, wordlist=wordlist) if WORD.match(w)]
    freqs = np.array([word_frequency(w, code, wordlist=wordlist) for w in words], float)
    cumulative = np.cumsum(freqs / freqs.sum())
    cumulative[-1] = 1.0
    return words, cumulative


def _draw(rng, language, n):
    words, cumulative = vocabulary(language)
    return [words[i] for i in np.searchsorted(cumulative, rng.random(n), side="right")]


def _text(rng, language, n, topic_words):
    n_topic = max(1, int(n * TOPIC_SHARE))
    chosen = _draw(rng, language, n - n_topic)
    chosen += [topic_words[i] for i in rng.integers(0, len(topic_words), n_topic)]
    rng.shuffle(chosen)
    # Sentences of 8–20 words, capitalised, so sentence-level code sees something real.
    out, i = [], 0
    while i < len(chosen):
        size = int(rng.integers(8, 21))
        sentence = chosen[i : i + size]
        out.append(sentence[0].capitalize() + " " + " ".join(sentence[1:]) + ".")
        i += size
    return " ".join(out)


def make_document(rng, doc_id, country=None, activity=None):
    """One synthetic profile or project: 50–400 words over description, needs and offers."""
    country = country or ("SE" if rng.random() < 0.5 else "DK")
    language = "sv" if country == "SE" else "da"
    side = 0 if country == "SE" else 1
    codes = sorted(TOPICS)
    topics = [codes[i] for i in rng.choice(len(codes), int(rng.integers(2, 4)), replace=False)]
    topic_words = [w for t in topics for w in TOPICS[t][side].split()]
    total = int(rng.integers(50, 401))
    n_desc = int(total * 0.6)
    n_need = (total - n_desc) // 2
    return Document(
        id=doc_id,
        country=country,
        description=_text(rng, language, n_desc, topic_words),
        needs=_text(rng, language, n_need, topic_words),
        offers=_text(rng, language, total - n_desc - n_need, topic_words),
        themes=frozenset(topics[:2]),
        language=language,
        activity=float(rng.choice((0, 0, 1, 2, 5))) if activity is None else activity,
    )


def make_corpus(n, seed=0):
    rng = np.random.default_rng(seed)
    return [make_document(rng, f"d{i}") for i in range(n)]


def make_queries(n, seed=1):
    rng = np.random.default_rng(seed)
    return [make_document(rng, f"q{i}") for i in range(n)]


def make_history(documents, n, seed=2):
    """``n`` synthetic cooperations among ``documents``, with a realistic skew.

    Members are drawn with weights ~ 1/rank (a few municipalities take part in a great deal,
    most in little); each cooperation has 2–6 members, a summary of 30–120 words, one or two
    themes, and a year from 2000 to 2025.
    """
    rng = np.random.default_rng(seed)
    ids = [d.id for d in documents]
    weights = 1.0 / np.arange(1, len(ids) + 1)
    weights /= weights.sum()
    out = []
    for i in range(n):
        size = int(rng.integers(2, 7))
        members = frozenset(ids[j] for j in rng.choice(len(ids), size, p=weights))
        language = "sv" if rng.random() < 0.5 else "da"
        side = 0 if language == "sv" else 1
        topic = sorted(TOPICS)[int(rng.integers(0, len(TOPICS)))]
        text = _text(rng, language, int(rng.integers(30, 121)), TOPICS[topic][side].split())
        out.append(
            Cooperation(f"c{i}", members, text=text, themes=frozenset([topic]),
                        year=int(rng.integers(2000, 2026)), title=f"Cooperation {i}")  # fmt: skip
        )
    return out


def distinct_words(documents):
    """How many distinct word forms (lower-cased) the documents' texts hold."""
    seen = set()
    for doc in documents:
        seen.update(re.findall(r"[^\W\d_]+", doc.text.lower()))
    return len(seen)
