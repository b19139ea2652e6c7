"""Text normalisation shared by Swedish, Danish, Norwegian (bokmål) and English.

Nordic folding (å/ä/æ → a, ö/ø → o), tokenising, stop words, Snowball stemming per
language, language detection, lexicon concepts and a consonant "cognate key" that lets
samarbete/samarbejde or utveckling/udvikling meet on the word level.
"""

import re
from functools import lru_cache

import snowballstemmer
from stop_words import get_stop_words

from matching.lexicon import CONCEPTS

LANGUAGES = ("sv", "da", "nb", "en")
_STEMMER_NAMES = {"sv": "swedish", "da": "danish", "nb": "norwegian", "en": "english"}
_TOKEN = re.compile(r"[^\W\d_]{2,}")
_INFLECTIONS = frozenset(
    [
        "",
        "e",
        "a",
        "n",
        "s",
        "t",
        "en",
        "er",
        "ar",
        "or",
        "na",
        "ne",
        "et",
        "es",
        "ens",
        "ets",
        "ene",
        "erne",
        "arna",
        "orna",
        "erna",
        "ing",
        "ingen",
        "ingar",
        "inger",
        "det",
        "rne",
    ]
)
CONCEPT_PREFIX = "lex_"
COGNATE_PREFIX = "cog_"
LEXICON_MIN_PREFIX = 6


_FOLD_PAIRS = (("å", "a"), ("ä", "a"), ("æ", "a"), ("ö", "o"), ("ø", "o"), ("é", "e"), ("ü", "u"))


def _fold_lower(lower):
    # str.replace runs in C per pair; str.translate with a dict looks up every character.
    for letter, plain in _FOLD_PAIRS:
        if letter in lower:
            lower = lower.replace(letter, plain)
    return lower


def fold(text):
    """Lower-case and fold Nordic letters so that Swedish and Danish spellings meet."""
    return _fold_lower(text.lower())


@lru_cache(maxsize=4)
def _stop_words(language):
    return frozenset(fold(w) for w in get_stop_words(_STEMMER_NAMES[language]))


@lru_cache(maxsize=1)
def stop_words():
    """Swedish, Danish, Norwegian and English stop words (stop-words package), folded."""
    return frozenset().union(*(_stop_words(lang) for lang in LANGUAGES))


def content_tokens(text):
    """(folded, as written in lower case) pairs of the words that are not stop words."""
    stops = stop_words()
    lower = (text or "").lower()
    # Folding maps one letter to one letter, so both texts split into the same tokens:
    # one fold per text instead of one per token.
    pairs = zip(_TOKEN.findall(_fold_lower(lower)), _TOKEN.findall(lower), strict=True)
    return [(folded, surface) for folded, surface in pairs if folded not in stops]


def detect_language(text, default=None):
    """Guess sv, da, nb or en from letters and stop words; ``default`` when nothing tells
    (Danish and Norwegian share their letters and most stop words: a tie between them is
    the ``default``'s, or Danish)."""
    raw = (text or "").lower()
    nordic = raw.count("æ") + raw.count("ø")
    score = {
        "sv": 2 * (raw.count("ä") + raw.count("ö")),
        "da": 2 * nordic,
        "nb": 2 * nordic,
        "en": 0,
    }
    stops = {lang: _stop_words(lang) for lang in LANGUAGES}
    for token in _TOKEN.findall(_fold_lower(raw)):
        for lang, words in stops.items():
            if token in words:
                score[lang] += 1
    best = max(score, key=score.get)
    if score[best] == 0:
        return default
    if list(score.values()).count(score[best]) > 1:
        return default or best
    return best


def mask_names(text, names):
    """``text`` without ``names`` (and their genitives) as words, names written together
    ("MalmöKöpenhamn") split first: a query that asks for partners cannot know their names,
    so a record that names them must not, when it stands for such a query."""
    if not names or not text:
        return text
    text = re.sub(r"(?<=[a-zåäöæø])(?=[A-ZÅÄÖÆØ])", " ", text)
    return re.sub(r"\s+", " ", _name_pattern(frozenset(names)).sub("", text)).strip()


@lru_cache(maxsize=8)
def _name_pattern(names):
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})s?\b", re.IGNORECASE)


@lru_cache(maxsize=100_000)
def _padded_trigrams(word):
    padded = f" {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def trigram_dice(a, b):
    """How alike two words are letter by letter: the Dice coefficient of their trigrams
    (0 to 1; the words as given: fold or loosen them first)."""
    x, y = _padded_trigrams(a), _padded_trigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def written_in(text, default):
    """The language to stem ``text`` in: English when it is clearly English (a Swedish or
    Danish municipality may write its profile in English), else ``default`` (the language
    of its country, a stronger guide than letters between Swedish and Danish)."""
    return "en" if detect_language(text) == "en" else default


@lru_cache(maxsize=4)
def _stemmer(language):
    return snowballstemmer.stemmer(_STEMMER_NAMES.get(language, "swedish"))


@lru_cache(maxsize=200_000)
def stem(token, language):
    """The Snowball stem of a folded token in ``language``."""
    return _stemmer(language).stemWord(token)


_J_AFTER_VOWEL = re.compile(r"(?<=[aeiouy])j")


@lru_cache(maxsize=200_000)
def cognate_key(token):
    """A consonant skeleton that Swedish and Danish cognates often share.

    ``samarbete``/``samarbejde`` → ``smrbt``; ``utveckling``/``udvikling`` → ``utvkln``
    (keys are cut to six letters).
    Only for words of five letters or more; None otherwise.
    """
    if len(token) < 5:
        return None
    word = _J_AFTER_VOWEL.sub("", token)
    word = word.replace("ck", "k").replace("c", "k").replace("w", "v").replace("d", "t")
    word = word.replace("q", "k").replace("x", "ks").replace("z", "s").replace("ph", "f")
    skeleton = word[0] + "".join(ch for ch in word[1:] if ch not in "aeiouy")
    collapsed = re.sub(r"(.)\1+", r"\1", skeleton)
    # Three-consonant keys collide across unrelated words (kommun/kamin → kmn,
    # bostad/bestod → bst): only keys of four consonants or more are kept.
    return collapsed[:6] if len(collapsed) >= 4 else None


def _build_lexicon():
    long_forms, short_forms = {}, {}
    for concept, forms in CONCEPTS.items():
        for form in forms:
            form = fold(form)
            target = long_forms if len(form) >= LEXICON_MIN_PREFIX else short_forms
            target.setdefault(form, set()).add(concept)
    return long_forms, short_forms


_LONG_FORMS, _SHORT_FORMS = _build_lexicon()
_MAX_FORM = max(len(f) for f in _LONG_FORMS)
_SHORT_LENGTHS = sorted({len(f) for f in _SHORT_FORMS})


@lru_cache(maxsize=200_000)
def concepts(token, use_lexicon=True):
    """The lexicon concepts a folded token stands for (empty when none)."""
    if not use_lexicon:
        return ()
    found = set()
    for length in range(LEXICON_MIN_PREFIX, min(len(token), _MAX_FORM) + 1):
        names = _LONG_FORMS.get(token[:length])
        if names:
            found.update(names)
    for length in _SHORT_LENGTHS:
        names = _SHORT_FORMS.get(token[:length])
        if names and token[length:] in _INFLECTIONS:
            found.update(names)
    return tuple(sorted(found)) if found else ()


def token_word_features(token, language, use_lexicon=True, cached=True):
    """The word-level features of one folded token: stem, lexicon concepts, cognate key.

    ``cached=False`` for callers that see each token once (counting a corpus)."""
    stem_of, concepts_of, key_of = (
        (stem, concepts, cognate_key)
        if cached
        else (stem.__wrapped__, concepts.__wrapped__, cognate_key.__wrapped__)
    )
    out = [stem_of(token, language)]
    out.extend(CONCEPT_PREFIX + c for c in concepts_of(token, use_lexicon))
    key = key_of(token)
    if key:
        out.append(COGNATE_PREFIX + key)
    return out


@lru_cache(maxsize=50_000)
def word_char_ngrams(word, min_n, max_n):
    """The ``char_wb`` n-grams of one word, as scikit-learn makes them (cached per word)."""
    padded = f" {word} "
    grams = []
    for n in range(min_n, max_n + 1):
        if len(padded) <= n:
            grams.append(padded)  # a short word counts once, whole
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return tuple(grams)


def char_ngrams(text, min_n, max_n, cached=True):
    """``char_wb`` n-grams of a whitespace-separated text. ``cached=False`` for callers
    that see each word once (counting a corpus): the cache would only hold memory."""
    grams_of = word_char_ngrams if cached else word_char_ngrams.__wrapped__
    out = []
    for word in text.split():
        out.extend(grams_of(word, min_n, max_n))
    return out
