"""TF-IDF text features on one vocabulary for Swedish, Danish and English.

Word features (Snowball stems, lexicon concepts, cognate keys) stacked with ``char_wb``
n-gram features; both sublinear, float32, L2-normalised and weighted so that the cosine of
two stacked rows is ``(1 - char_weight) * cos_word + char_weight * cos_char``.

Texts are tokenised once; each distinct token's feature ids are computed once and cached,
so counting a corpus costs one array concatenation per text. scikit-learn's
``TfidfTransformer`` turns the counts into TF-IDF (the n-grams are those of
``analyzer="char_wb"``; see ``matching.text.char_ngrams``).
"""

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize

from matching.counting import NO_IDS, TokenTable, count_matrix
from matching.text import (
    char_ngrams,
    content_tokens,
    token_word_features,
)

MIN_TEXTS_FOR_MAX_DF = 50
# A word feature in more than this share of the texts tells none of them apart: it is never
# shown as evidence (matching.evidence), once the corpus has enough texts to count.
GENERIC_SHARE = 0.2
GENERIC_MIN_TEXTS = 50
FIT_CHUNK = 20_000
TOKEN_CACHE = 200_000  # tokens of single texts (queries, updates) whose feature ids are kept
BULK_TEXTS = 64  # from this many texts on, count through the TokenTable (one sparse product)


def _add_df(df, counts):
    """Add the document frequencies of a count matrix's columns to ``df``."""
    found = np.bincount(counts.indices, minlength=counts.shape[1])
    if len(found) > len(df):
        df = np.pad(df, (0, len(found) - len(df)))
    df[: len(found)] += found
    return df


def _fit_length(df, length):
    return np.pad(df, (0, max(0, length - len(df))))[:length]


def _tfidf(df, n_texts, width):
    """scikit-learn's TfidfTransformer with the IDF of these document frequencies.

    Same formula as ``fit`` (smooth_idf): idf = ln((1 + n) / (1 + df)) + 1.
    """
    transformer = TfidfTransformer(sublinear_tf=True)
    df = _fit_length(df, width)
    transformer.idf_ = (np.log((1 + n_texts) / (1 + df)) + 1).astype(np.float64)
    return transformer


def _tfidf_rows(counts, idf, scale):
    """Counts (csr) → sublinear TF-IDF rows of L2 norm ``scale`` (empty rows stay empty),
    in place and in float32."""
    counts = sp.csr_matrix(counts, dtype=np.float32)
    data = counts.data
    np.log(data, out=data)
    data += 1
    data *= idf[counts.indices]
    squares = np.concatenate(([0.0], np.cumsum(data.astype(np.float64) ** 2)))
    norms = np.sqrt(squares[counts.indptr[1:]] - squares[counts.indptr[:-1]])
    factor = np.divide(scale, norms, out=np.zeros_like(norms), where=norms > 0)
    data *= np.repeat(factor.astype(np.float32), np.diff(counts.indptr))
    return counts


@dataclass(frozen=True)
class Features:
    """The features of one text: sorted ids, weights, and the word each came from
    (``surfaces[surface_of[i]]``)."""

    ids: np.ndarray
    weights: np.ndarray
    surface_of: np.ndarray
    surfaces: list

    @classmethod
    def empty(cls):
        return cls(NO_IDS, np.zeros(0), np.zeros(0, np.int64), [])

    def __len__(self):
        return len(self.ids)



class _Vocabulary:
    """Feature string → column, growing while fitting and frozen afterwards."""

    def __init__(self):
        self.index = {}
        self.frozen = False

    def ids(self, features):
        if self.frozen:
            get = self.index.get
            found = [i for i in (get(f) for f in features) if i is not None]
            return np.array(found, np.int32) if found else NO_IDS
        index = self.index
        return np.array([index.setdefault(f, len(index)) for f in features], np.int32)

    def __len__(self):
        return len(self.index)


class TextEncoder:
    """Fit on texts, then turn texts into stacked word + char TF-IDF rows.

    Parameters
    ----------
    char_ngrams : tuple of int, default (3, 5)
    char_weight : float, default 0.5
        Share of the char n-gram cosine in the stacked cosine; 0 drops char features.
    use_lexicon : bool, default True
        Add the Swedish↔Danish lexicon concepts before vectorising.
    max_df : float, default 1.0
        Drop features found in more than this share of the texts (as scikit-learn's
        ``max_df``): near-universal n-grams cost time and memory and carry no signal.
        Applied from 50 non-empty texts on.
    """

    def __init__(self, char_ngrams=(3, 5), char_weight=0.5, use_lexicon=True, max_df=1.0):
        self.char_ngrams = char_ngrams
        self.char_weight = char_weight
        self.use_lexicon = use_lexicon
        self.max_df = max_df
        self._table = None  # matching.counting.TokenTable of bulk counting, made on use
        self._generic = None  # generic_word_features, found on first use

    # The per-token cache and the token table are rebuilt on use; saving them would make a
    # snapshot large and slow to load.
    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items()
                if k not in ("_cache", "_table", "_generic")}  # fmt: skip

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._cache = {}
        self._table = None
        self._generic = None

    def release_table(self):
        """Forget the token table of bulk counting (the fitted matcher needs only the small
        per-token cache afterwards); the next bulk count starts a new one."""
        self._table = None

    # -- counting ----------------------------------------------------------------------
    def vocabulary_sizes(self):
        """(word features, char features) known so far (while fitting: grown so far)."""
        return max(len(self._words), 1), max(len(self._chars), 1)

    def token_features(self, token, language, cached=True):
        """(word feature ids, char feature ids) of one folded token (ids may repeat)."""
        words = self._words.ids(
            token_word_features(token, language, self.use_lexicon, cached=cached)
        )
        chars = NO_IDS
        if self.char_weight > 0:
            # Lexicon concepts are word features only: as char n-grams their shared
            # prefix made unrelated texts look alike in small corpora.
            chars = self._chars.ids(char_ngrams(token, *self.char_ngrams, cached=cached))
        return words, chars

    def _token_ids(self, token, language):
        key = (token, language)
        cached = self._cache.get(key)
        if cached is None:
            cached = self.token_features(token, language)
            if len(self._cache) < TOKEN_CACHE:
                self._cache[key] = cached
        return cached

    def _count_rows(self, texts, languages):
        """Word and char count matrices (csr) of ``texts``: many texts through the token
        table (``matching.counting``), a few token by token."""
        if len(texts) >= BULK_TEXTS:
            if self._table is None:
                self._table = TokenTable()
            return self._table.count(self, texts, languages)
        word_parts, char_parts = [], []
        for text, language in zip(texts, languages, strict=True):
            ids = [self._token_ids(token, language) for token, _ in content_tokens(text)]
            word_parts.append(np.concatenate([w for w, _ in ids]) if ids else NO_IDS)
            char_parts.append(np.concatenate([c for _, c in ids]) if ids else NO_IDS)
        return (
            count_matrix(word_parts, len(self._words)),
            count_matrix(char_parts, len(self._chars)),
        )

    # -- fitting and transforming --------------------------------------------------------
    def fit(self, texts, languages):
        """Learn both vocabularies and IDF weights from ``texts`` (one language each).

        Counts are taken chunk by chunk and only document frequencies are kept, so that
        fitting 300,000 texts needs little more memory than their vocabulary.
        """
        self._cache = {}
        self._table = None
        self._generic = None
        self._word_names = None
        self._words, self._chars = _Vocabulary(), _Vocabulary()
        df_word, df_char = np.zeros(0, np.int64), np.zeros(0, np.int64)
        n_nonempty = [0, 0]
        for start in range(0, len(texts), FIT_CHUNK):
            words, chars = self._count_rows(
                texts[start : start + FIT_CHUNK], languages[start : start + FIT_CHUNK]
            )
            df_word = _add_df(df_word, words)
            df_char = _add_df(df_char, chars)
            n_nonempty[0] += int((np.diff(words.indptr) > 0).sum())
            n_nonempty[1] += int((np.diff(chars.indptr) > 0).sum())
        self._words.frozen = self._chars.frozen = True
        df_word = _fit_length(df_word, len(self._words))
        df_char = _fit_length(df_char, len(self._chars))
        if self.max_df < 1.0:
            df_word = self._prune(df_word, n_nonempty[0], self._words, 0)
            df_char = self._prune(df_char, n_nonempty[1], self._chars, 1)
        self.n_word_features_ = max(len(self._words), 1)
        self.n_word_texts_ = n_nonempty[0]
        self.word_tfidf_ = _tfidf(df_word, n_nonempty[0], self.n_word_features_)
        self.char_tfidf_ = None
        if self.char_weight > 0:
            self.char_tfidf_ = _tfidf(df_char, n_nonempty[1], max(len(self._chars), 1))
        self._word_idf = self.word_tfidf_.idf_.astype(np.float32)
        if self.char_tfidf_ is not None:
            self._char_idf = self.char_tfidf_.idf_.astype(np.float32)
        return self

    def generic_word_features(self):
        """Ids of the word features in more than GENERIC_SHARE of the fitted texts (none
        when fewer than GENERIC_MIN_TEXTS texts had words: too few to tell)."""
        n = getattr(self, "n_word_texts_", 0)
        if n < GENERIC_MIN_TEXTS:
            return frozenset()
        if self._generic is None:
            # idf = ln((1 + n) / (1 + df)) + 1, so df > share * n where idf is below this:
            limit = np.log((1 + n) / (1 + GENERIC_SHARE * n)) + 1
            self._generic = frozenset(np.flatnonzero(self._word_idf < limit).tolist())
        return self._generic

    def _prune(self, df, n_texts, vocabulary, part):
        """Drop the features whose document frequency is above ``max_df``; the new df."""
        if n_texts < MIN_TEXTS_FOR_MAX_DF:
            return df  # in a tiny corpus every shared word is "frequent"
        keep = df <= self.max_df * n_texts
        if keep.all():
            return df
        new_id = np.full(len(keep), -1, np.int32)
        new_id[keep] = np.arange(int(keep.sum()), dtype=np.int32)
        vocabulary.index = {f: int(new_id[i]) for f, i in vocabulary.index.items() if keep[i]}
        for key, ids in self._cache.items():
            mapped = new_id[ids[part]]
            mapped = mapped[mapped >= 0]
            self._cache[key] = (mapped, ids[1]) if part == 0 else (ids[0], mapped)
        if self._table is not None:
            self._table.keep_columns(part, keep)
        return df[keep]

    def _stack(self, word_counts, char_counts):
        """Sublinear TF-IDF of both parts, each L2-normalised and weighted, side by side.

        Computed in float32 on the count matrices themselves (as scikit-learn's
        ``TfidfTransformer(sublinear_tf=True)`` would, without its float64 copies)."""
        if word_counts.shape[0] == 0:
            return sp.csr_matrix((0, self.width_), dtype=np.float32)
        word = _tfidf_rows(word_counts, self._word_idf, math.sqrt(1 - self.char_weight))
        if self.char_tfidf_ is None:
            return word
        char = _tfidf_rows(char_counts, self._char_idf, math.sqrt(self.char_weight))
        stacked = sp.hstack([word, char], format="csr", dtype=np.float32)
        del word, char
        # Rows with only one kind of feature are re-normalised, so a cosine stays <= 1.
        return normalize(stacked, copy=False)

    def transform(self, texts, languages):
        """Stacked rows (csr, float32); an empty text gives an all-zero row."""
        return self._stack(*self._count_rows(texts, languages))

    @property
    def width_(self):
        char_width = self._char_idf.shape[0] if self.char_tfidf_ is not None else 0
        return self.n_word_features_ + char_width

    def transform_one(self, text, language):
        """The stacked row of one text, without scikit-learn's per-call overhead.

        Gives the same numbers as ``transform([text], [language])`` (tested).
        """
        ids = [self._token_ids(token, language) for token, _ in content_tokens(text)]
        cols_w, vals_w = self._sublinear(ids, 0, self._word_idf)
        cols, vals = [cols_w], [vals_w]
        if self.char_tfidf_ is not None:
            cols_c, vals_c = self._sublinear(ids, 1, self._char_idf)
            cols = [cols_w, cols_c + self.n_word_features_]
            vals = [
                vals_w * np.float32(math.sqrt(1 - self.char_weight)),
                vals_c * np.float32(math.sqrt(self.char_weight)),
            ]
        cols = np.concatenate(cols).astype(np.int32)
        vals = np.concatenate(vals).astype(np.float32)
        norm = float(np.sqrt(np.dot(vals, vals)))
        if norm > 0:
            vals /= norm
        return sp.csr_matrix(
            (vals, cols, np.array([0, len(cols)], np.int32)), shape=(1, self.width_)
        )

    @staticmethod
    def _sublinear(ids, part, idf):
        if not ids:
            return NO_IDS, np.zeros(0, np.float32)
        all_ids = np.concatenate([pair[part] for pair in ids])
        if len(all_ids) == 0:
            return NO_IDS, np.zeros(0, np.float32)
        cols, tf = np.unique(all_ids, return_counts=True)
        values = (1.0 + np.log(tf.astype(np.float32))) * idf[cols]
        return cols, values / np.float32(np.sqrt(np.dot(values, values)))

    def text_features(self, text, language):
        """(word features, char features) of one text, one tokenisation for both.

        Each feature is credited to the word that produced it most often (then the
        shortest, then the last alphabetically), so a char n-gram is credited to the word it
        came from. Uses the per-token cache and numpy: explaining a match costs little more
        than tokenising.
        """
        parts = ([], []), ([], [])  # (id arrays, lengths) per part
        token_surfaces, surfaces, index = [], [], {}
        for token, surface in content_tokens(text):
            ids = self._token_ids(token, language)
            number = index.get(surface)
            if number is None:
                number = index[surface] = len(surfaces)
                surfaces.append(surface)
            token_surfaces.append(number)
            for part in (0, 1):
                parts[part][0].append(ids[part])
                parts[part][1].append(len(ids[part]))
        if not surfaces:
            return Features.empty(), Features.empty()
        n = len(surfaces)
        words = np.array(surfaces)
        alphabetical = np.empty(n, np.int64)
        alphabetical[np.argsort(words, kind="stable")] = np.arange(n)
        lengths = np.char.str_len(words)
        tie_rank = np.empty(n, np.int64)
        tie_rank[np.lexsort((-alphabetical, lengths))] = np.arange(n)
        token_surfaces = np.array(token_surfaces, np.int64)
        out = []
        for part, idf in ((0, self._word_idf), (1, self._char_idf)):
            arrays, counts_per_token = parts[part]
            if part == 1 and self.char_tfidf_ is None or not sum(counts_per_token):
                out.append(Features.empty())
                continue
            fids = np.concatenate(arrays)
            by_surface = np.repeat(token_surfaces, counts_per_token)
            out.append(self._credited(fids, by_surface, n, tie_rank, idf, surfaces))
        return out[0], out[1]

    @staticmethod
    def _credited(fids, by_surface, n, tie_rank, idf, surfaces):
        ids, inverse, counts = np.unique(fids, return_inverse=True, return_counts=True)
        keys, key_counts = np.unique(inverse.astype(np.int64) * n + by_surface,
                                     return_counts=True)  # fmt: skip
        feature, surface = keys // n, keys % n
        order = np.lexsort((tie_rank[surface], -key_counts, feature))
        first = np.ones(len(order), bool)
        first[1:] = feature[order][1:] != feature[order][:-1]
        weights = (1.0 + np.log(counts)) * idf[ids]
        return Features(ids, weights.astype(np.float64), surface[order][first], surfaces)

    def feature_name(self, feature_id):
        """The word feature (a stem, ``lex_<concept>`` or ``cog_<key>``) behind an id."""
        if self._word_names is None:
            names = [""] * len(self._words)
            for name, i in self._words.index.items():
                names[i] = name
            self._word_names = names
        return self._word_names[feature_id]
