"""Counting many texts at once: distinct tokens × features, then one sparse product.

A corpus of N texts has tens of millions of tokens but far fewer distinct ones. Each
distinct (token, language) pair is turned into features once and kept as a row of two
sparse matrices (words, char n-grams); a batch of texts becomes a texts × distinct-tokens
count matrix X, and its feature counts are X·K, computed by scipy in C. The Python work per
token is one dictionary lookup.

``TokenTable`` belongs to one ``TextEncoder`` and is used for batches (``fit``, bulk
``transform``); single texts (queries, updates) keep the encoder's per-token cache.
"""

import numpy as np
import scipy.sparse as sp

from matching.text import content_tokens

NO_IDS = np.zeros(0, np.int32)


class TokenTable:
    """The distinct tokens seen in batches, with their feature counts as matrix rows."""

    def __init__(self):
        self.keys = {}  # (folded token, language) → row
        self.pending = []  # (token, language) of rows not yet in the matrices
        self.K = [None, None]  # keys × word features, keys × char features (csr, float32)

    def count(self, encoder, texts, languages):
        """(word counts, char counts) of ``texts``: csr matrices, one row per text."""
        keys = self.keys
        flat, indptr = [], [0]
        for text, language in zip(texts, languages, strict=True):
            tokens = content_tokens(text)
            before = len(keys)
            row = [keys.setdefault((token, language), len(keys)) for token, _ in tokens]
            if len(keys) > before:
                self._note_new(tokens, row, language, before)
            flat.extend(row)
            indptr.append(len(flat))
        self._encode_pending(encoder)
        X = sp.csr_matrix(
            (np.ones(len(flat), np.float32), np.array(flat, np.int64), np.array(indptr)),
            shape=(len(indptr) - 1, max(len(keys), 1)),
        )
        X.sum_duplicates()
        widths = _widths(encoder)
        return tuple(self._product(X, part, widths[part]) for part in (0, 1))

    def _note_new(self, tokens, row, language, before):
        """Queue the tokens of one text that got new rows (numbered from ``before``, in the
        order they first appear)."""
        following = before
        for (token, _), i in zip(tokens, row, strict=True):
            if i == following:
                self.pending.append((token, language))
                following += 1

    def _encode_pending(self, encoder):
        """Features of the tokens first seen in this batch, as new rows of K."""
        if not self.pending:
            return
        words, chars = [], []
        for token, language in self.pending:
            w, c = encoder.token_features(token, language, cached=False)
            words.append(w)
            chars.append(c)
        self.pending = []
        widths = _widths(encoder)
        for part, arrays in ((0, words), (1, chars)):
            new = count_matrix(arrays, widths[part])
            old = self.K[part]
            if old is None:
                self.K[part] = new
                continue
            old.resize((old.shape[0], widths[part]))
            self.K[part] = sp.vstack([old, new], format="csr", dtype=np.float32)

    def _product(self, X, part, width):
        K = self.K[part]
        if K is None:
            return sp.csr_matrix((X.shape[0], max(width, 1)), dtype=np.float32)
        if K.shape[1] != width:
            K.resize((K.shape[0], width))
        counts = (X @ K).tocsr()
        counts.sort_indices()
        return counts.astype(np.float32, copy=False)

    def keep_columns(self, part, keep):
        """After pruning features (``max_df``): the kept columns, renumbered in order."""
        K = self.K[part]
        if K is not None:
            K.resize((K.shape[0], len(keep)))  # features met by single texts since
            self.K[part] = K[:, np.flatnonzero(keep)].tocsr()


def _widths(encoder):
    """The current number of word and char features of ``encoder`` (at least 1 each)."""
    return encoder.vocabulary_sizes()


def count_matrix(arrays, width):
    """A csr matrix of counts whose row i counts the ids in ``arrays[i]`` (repeated ids in
    a row become counts)."""
    lengths = np.fromiter((len(a) for a in arrays), np.int64, len(arrays))
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    indices = np.concatenate(arrays) if len(arrays) else NO_IDS
    matrix = sp.csr_matrix(
        (np.ones(len(indices), np.float32), indices.astype(np.int32), indptr),
        shape=(len(arrays), max(width, 1)),
    )
    matrix.sum_duplicates()
    return matrix
