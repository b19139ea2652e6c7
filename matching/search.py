"""Free-text search across Swedish, Danish and English: which texts a query finds, and how
well, with the engine's text pipeline plus what search needs on top of it.

A query word finds a word of a text when (strongest first):

- it is the same word, or they share a stem (in any of the three languages) or a cognate
  key (``ældrepleje``/``äldreomsorg`` by the lexicon, ``samarbete``/``samarbejde`` by key);
- they share a lexicon concept (``udbud``/``upphandling``);
- the text's word starts with it (``cykel`` finds ``cykelvägar``);
- it is the head of the text's compound: the text's word ends with it, spelled loosely (b/p,
  d/t, g/k alike: ``beredskab`` finds ``krisberedskap``), or a tail of the text's word has
  its concept (``havn`` finds ``fiskehamnar``). Never inside a name: ``havn`` does not find
  ``København``;
- the two are alike letter by letter (trigram Dice on the loose spelling at least
  ``ALIKE``: ``havmiljø``/``havsmiljö``).

Every query word must be found (AND). A text is scored field by field: each field's weight
times the best kind of find in it, summed over the query's words; ``rank`` orders by that.
"""

import re
from functools import lru_cache

from matching.text import (
    LANGUAGES,
    cognate_key,
    concepts,
    content_tokens,
    fold,
    stem,
    trigram_dice,
)

# How strong each kind of find is.
SAME, STEM, CONCEPT, PREFIX, HEAD, ALIKE_FIND = 1.0, 0.9, 0.8, 0.75, 0.7, 0.6
ALIKE = 0.7  # trigram Dice on the loose spelling for "alike"
MIN_HEAD = 4  # a compound head or a prefix is at least this long
_NAME = re.compile(r"\b[A-ZÅÄÖÆØ][\w-]*")


@lru_cache(maxsize=100_000)
def loose(token):
    """A folded word spelled loosely: voiced and voiceless stops alike, doubles single."""
    word = token.replace("ck", "k").replace("c", "k").replace("w", "v").replace("ph", "f")
    word = word.translate(str.maketrans("bdg", "ptk"))
    return re.sub(r"(.)\1+", r"\1", word)


@lru_cache(maxsize=100_000)
def _features(token):
    """Stems in every language, lexicon concepts and the cognate key of a folded word."""
    out = {"stem:" + stem(token, language) for language in LANGUAGES}
    out.update("concept:" + c for c in concepts(token))
    key = cognate_key(token)
    if key:
        out.add("key:" + key)
    return frozenset(out)


@lru_cache(maxsize=100_000)
def _tail_concepts(token):
    """The concepts of the tails of a compound (``fiskehamnar`` → ``hamnar`` → harbour)."""
    found = set()
    for start in range(1, len(token) - MIN_HEAD + 1):
        found.update(concepts(token[start:]))
    return frozenset(found)


class Terms:
    """The content words of a query, prepared once for many texts."""

    def __init__(self, query):
        self.words = [token for token, _ in content_tokens(query)]
        if not self.words and query.strip():  # only signs or stop words: as written
            self.literal = fold(query.strip())
        else:
            self.literal = None
        self.features = [_features(w) for w in self.words]
        self.concepts = [frozenset(f[8:] for f in fs if f.startswith("concept:"))
                         for fs in self.features]  # fmt: skip
        self.loose = [loose(w) for w in self.words]

    def __bool__(self):
        return bool(self.words or self.literal)


class Field:
    """The words of one text field, prepared once for every query word."""

    def __init__(self, text):
        self.text = text or ""
        names = {fold(m.group(0).lower()) for m in _NAME.finditer(self.text)}
        self.tokens = {token for token, _ in content_tokens(self.text)}
        # Capitalised words inside a sentence are names; their tails are no compound heads.
        self.common = {t for t in self.tokens if t not in names}
        self.features = frozenset().union(*(_features(t) for t in self.tokens))


def _find(terms, i, field):
    """How strongly query word ``i`` is found in ``field`` (0: not at all)."""
    word = terms.words[i]
    if word in field.tokens:
        return SAME
    shared = terms.features[i] & field.features
    if any(not f.startswith("concept:") for f in shared):
        return STEM
    if shared:
        return CONCEPT
    best = 0.0
    head = terms.loose[i]
    for token in field.tokens:
        if len(word) >= MIN_HEAD and token.startswith(word):
            return PREFIX
        if token in field.common and len(head) >= MIN_HEAD and (
            loose(token).endswith(head) or terms.concepts[i] & _tail_concepts(token)
        ):
            best = max(best, HEAD)
        elif len(word) >= 5 and len(token) >= 5 and trigram_dice(head, loose(token)) >= ALIKE:
            best = max(best, ALIKE_FIND)
    return best


def score(terms, fields):
    """The relevance of a text for ``terms``: ``fields`` is a list of (Field, weight).

    None when some query word is found in no field (every word must be found).
    """
    if terms.literal is not None:
        found = any(terms.literal in fold(f.text) for f, _ in fields)
        return 1.0 if found else None
    total = 0.0
    for i in range(len(terms.words)):
        best = max((weight * _find(terms, i, field) for field, weight in fields), default=0.0)
        if best <= 0:
            return None
        total += best
    return total


def rank(query, texts):
    """Ids of ``texts`` ({id: [(text, weight), …]}) that ``query`` finds, best first (ties:
    the order given)."""
    terms = Terms(query)
    if not terms:
        return list(texts)
    scored = []
    for position, (key, parts) in enumerate(texts.items()):
        value = score(terms, [(Field(text), weight) for text, weight in parts])
        if value is not None:
            scored.append((-value, position, key))
    return [key for _, _, key in sorted(scored)]
