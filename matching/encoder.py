"""TF-IDF text features on one vocabulary for Swedish, Danish and English.

Word features (Snowball stems, lexicon concepts, cognate keys) stacked with ``char_wb``
n-gram features; both sublinear, float32, L2-normalised and weighted so that the cosine of
two stacked rows is ``(1 - char_weight) * cos_word + char_weight * cos_char``.
"""

import math
from functools import partial

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from matching.text import char_ngrams, char_text, word_features

EMPTY_FEATURE = "\u2400"


def _identity(features):
    return features


class TextEncoder:
    """Fit on texts, then turn texts into stacked word + char TF-IDF rows.

    Parameters
    ----------
    char_ngrams : tuple of int, default (3, 5)
    char_weight : float, default 0.5
        Share of the char n-gram cosine in the stacked cosine; 0 drops char features.
    use_lexicon : bool, default True
        Add the Swedish↔Danish lexicon concepts before vectorising.
    """

    def __init__(self, char_ngrams=(3, 5), char_weight=0.5, use_lexicon=True):
        self.char_ngrams = char_ngrams
        self.char_weight = char_weight
        self.use_lexicon = use_lexicon

    def _word_lists(self, texts, languages):
        return [
            [f for f, _ in word_features(t, lang, self.use_lexicon)]
            for t, lang in zip(texts, languages, strict=True)
        ]

    def fit(self, texts, languages):
        """Learn both vocabularies and IDF weights from ``texts`` (one language each)."""
        self.word_ = TfidfVectorizer(
            analyzer=_identity, sublinear_tf=True, dtype=np.float32, norm="l2"
        )
        word_lists = [w for w in self._word_lists(texts, languages) if w]
        # An empty corpus (or one of stop words only) still gets a one-feature vocabulary,
        # so that every later text encodes to a zero row instead of failing.
        self.word_.fit(word_lists or [[EMPTY_FEATURE]])
        self.word_idf_ = dict(zip(self.word_.get_feature_names_out(), self.word_.idf_, strict=True))
        self.max_word_idf_ = float(self.word_.idf_.max()) if len(self.word_.idf_) else 1.0
        self.char_ = None
        if self.char_weight > 0:
            lo, hi = self.char_ngrams
            # The same n-grams as analyzer="char_wb", cached per word (much faster).
            self.char_ = TfidfVectorizer(
                analyzer=partial(char_ngrams, min_n=lo, max_n=hi),
                sublinear_tf=True,
                dtype=np.float32,
            )
            char_texts = [c for c in (char_text(t, self.use_lexicon) for t in texts) if c]
            self.char_.fit(char_texts or [EMPTY_FEATURE])
        self.n_word_features_ = len(self.word_.vocabulary_)
        return self

    def transform(self, texts, languages):
        """Stacked rows (csr, float32); an empty text gives an all-zero row."""
        word = self.word_.transform(self._word_lists(texts, languages))
        if self.char_ is None:
            return sp.csr_matrix(word, dtype=np.float32)
        char = self.char_.transform([char_text(t, self.use_lexicon) for t in texts])
        stacked = sp.hstack(
            [word * math.sqrt(1 - self.char_weight), char * math.sqrt(self.char_weight)],
            format="csr",
            dtype=np.float32,
        )
        # Rows with only one kind of feature are re-normalised, so a cosine stays <= 1.
        return normalize(stacked, copy=False)

    @staticmethod
    def _sublinear_row(tokens, vocabulary, idf):
        lookup = vocabulary.get
        cols = np.fromiter((lookup(t, -1) for t in tokens), np.int64, len(tokens))
        cols = cols[cols >= 0]
        if len(cols) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        cols, tf = np.unique(cols, return_counts=True)
        values = (1.0 + np.log(tf, dtype=np.float32)) * idf[cols]
        return cols, values / np.float32(np.sqrt(np.dot(values, values)))

    def transform_one(self, text, language):
        """The stacked row of one text, without scikit-learn's per-call overhead.

        Gives the same numbers as ``transform([text], [language])`` (tested).
        """
        if not hasattr(self, "_word_idf_array"):
            self._word_idf_array = self.word_.idf_.astype(np.float32)
            if self.char_ is not None:
                self._char_idf_array = self.char_.idf_.astype(np.float32)
        features = [f for f, _ in word_features(text, language, self.use_lexicon)]
        cols, values = self._sublinear_row(features, self.word_.vocabulary_, self._word_idf_array)
        parts_cols, parts_vals = [cols], [values]
        if self.char_ is not None:
            grams = char_ngrams(char_text(text, self.use_lexicon), *self.char_ngrams)
            c_cols, c_vals = self._sublinear_row(
                grams, self.char_.vocabulary_, self._char_idf_array
            )
            parts_cols = [cols, c_cols + self.n_word_features_]
            parts_vals = [
                values * np.float32(math.sqrt(1 - self.char_weight)),
                c_vals * np.float32(math.sqrt(self.char_weight)),
            ]
        cols = np.concatenate(parts_cols)
        vals = np.concatenate(parts_vals).astype(np.float32)
        norm = float(np.sqrt(np.dot(vals, vals)))
        if norm > 0:
            vals /= norm
        width = self.n_word_features_ + (len(self.char_.vocabulary_) if self.char_ else 0)
        return sp.csr_matrix(
            (vals, cols.astype(np.int32), np.array([0, len(cols)], np.int32)), shape=(1, width)
        )

    def word_weights(self, text, language):
        """Word features of one text as {feature: (tf-idf weight, word as written)}.

        The word is the most frequent one (then the shortest) that produced the feature.
        """
        counts, surfaces = {}, {}
        for feature, token in word_features(text, language, self.use_lexicon):
            counts[feature] = counts.get(feature, 0) + 1
            by_token = surfaces.setdefault(feature, {})
            by_token[token] = by_token.get(token, 0) + 1
        out = {}
        idf_of = self.word_idf_.get
        for feature, count in counts.items():
            idf = idf_of(feature)
            if idf is None:
                continue
            by_token = surfaces[feature]
            if len(by_token) == 1:
                surface = next(iter(by_token))
            else:
                surface = max(by_token.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0]
            out[feature] = ((1 + math.log(count)) * idf, surface)
        return out
