"""Synthetic corpora for the scale benchmarks: matching Documents and Cooperations whose
texts come from real Swedish and Danish word frequencies (``app.demo.synthetic_text``,
which ``flask demo --scale`` uses too). Deterministic for a seed.

At N=100,000 the corpus has well over 50,000 distinct word forms (``distinct_words``).
"""

import numpy as np

from app.demo import synthetic_text
from matching import Cooperation, Document


def make_document(rng, doc_id, country=None, activity=None):
    """One synthetic profile or project: 50–400 words over description, needs and offers."""
    country = country or ("SE" if rng.random() < 0.5 else "DK")
    fields = synthetic_text.document(rng, {"SE": "sv", "DK": "da"}[country])
    return Document(
        id=doc_id,
        country=country,
        description=fields["description"],
        needs=fields["needs"],
        offers=fields["offers"],
        themes=frozenset(fields["themes"]),
        language=fields["language"],
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
    most in little); each cooperation has 2–6 members, a summary of 30–120 words, one
    theme, and a year from 2000 to 2025.
    """
    rng = np.random.default_rng(seed)
    ids = [d.id for d in documents]
    cumulative = np.cumsum(1.0 / np.arange(1, len(ids) + 1))
    cumulative /= cumulative[-1]
    topics = sorted(synthetic_text.TOPICS)
    out = []
    for i in range(n):
        size = int(rng.integers(2, 7))
        picks = np.searchsorted(cumulative, rng.random(size), side="right")
        members = frozenset(ids[j] for j in np.minimum(picks, len(ids) - 1))
        language = "sv" if rng.random() < 0.5 else "da"
        topic = topics[int(rng.integers(0, len(topics)))]
        words = synthetic_text.TOPICS[topic][0 if language == "sv" else 1].split()
        summary = synthetic_text.text(rng, language, int(rng.integers(30, 121)), words)
        out.append(
            Cooperation(f"c{i}", members, text=summary, themes=frozenset([topic]),
                        year=int(rng.integers(2000, 2026)), title=f"Cooperation {i}")  # fmt: skip
        )
    return out


def distinct_words(documents):
    return synthetic_text.distinct_words(doc.text for doc in documents)
