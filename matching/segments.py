"""A segment: the encoded rows of some documents, laid out for fast scoring.

The fitted corpus is one base segment; documents added or changed after ``fit`` live in a
small overlay segment until the next compaction, so an update never re-encodes the corpus.
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from matching.documents import LANGUAGE_BY_COUNTRY
from matching.text import detect_language


def language_of(doc):
    """The document's language: given, else detected, else the country's."""
    default = LANGUAGE_BY_COUNTRY[doc.country]
    return doc.language or detect_language(doc.text, default=default) or default


def description_text(doc):
    """What the description component compares: the description, else needs and offers."""
    return doc.description or " ".join(t for t in (doc.needs, doc.offers) if t)


@dataclass
class Encoded:
    """The text rows of documents: description (D), needs (N), offers (O), word-only (W)."""

    D: sp.csr_matrix
    N: sp.csr_matrix
    O: sp.csr_matrix  # noqa: E741
    W: sp.csr_matrix
    languages: list


def _word_part(encoder, *rows):
    n_word = encoder.n_word_features_
    total = rows[0][:, :n_word]
    for row in rows[1:]:
        total = total + row[:, :n_word]
    return total


def encode_one(encoder, doc):
    """Encode one document on the fast path (queries, single updates)."""
    language = language_of(doc)
    D = encoder.transform_one(description_text(doc), language)
    N = encoder.transform_one(doc.needs, language)
    O = encoder.transform_one(doc.offers, language)  # noqa: E741
    n_word = encoder.n_word_features_
    cols = np.concatenate([r.indices for r in (D, N, O)])
    vals = np.concatenate([r.data for r in (D, N, O)])
    keep = cols < n_word
    cols, inverse = np.unique(cols[keep], return_inverse=True)
    sums = np.bincount(inverse, weights=vals[keep]).astype(np.float32)
    norm = float(np.sqrt(np.dot(sums, sums)))
    if norm > 0:
        sums /= norm
    W = sp.csr_matrix(
        (sums, cols.astype(np.int32), np.array([0, len(cols)], np.int32)), shape=(1, D.shape[1])
    )
    return Encoded(D, N, O, W, [language])


def encode(encoder, docs):
    """Encode documents with a fitted ``TextEncoder``."""
    if len(docs) == 1:
        return encode_one(encoder, docs[0])
    if not docs:
        width = encoder.transform_one("", "sv").shape[1]
        empty = sp.csr_matrix((0, width), dtype=np.float32)
        return Encoded(empty, empty, empty, empty, [])
    languages = [language_of(d) for d in docs]
    D = encoder.transform([description_text(d) for d in docs], languages)
    N = encoder.transform([d.needs for d in docs], languages)
    O = encoder.transform([d.offers for d in docs], languages)  # noqa: E741
    W = normalize(_word_part(encoder, D, N, O))
    return Encoded(D, N, O, sp.csr_matrix(W, dtype=np.float32), languages)


class Segment:
    """Documents with their encoded rows, theme incidence and flags."""

    def __init__(self, docs, encoded, theme_index, inverted):
        self.docs = list(docs)
        self.ids = [d.id for d in self.docs]
        self.row_of = {doc_id: row for row, doc_id in enumerate(self.ids)}
        self.languages = encoded.languages
        n = len(self.docs)
        self.is_se = np.fromiter((d.country == "SE" for d in self.docs), bool, n)
        self.activity = np.fromiter((d.activity for d in self.docs), np.float32, n)
        self.has_desc = np.diff(encoded.D.indptr) > 0
        self.has_needs = np.diff(encoded.N.indptr) > 0
        self.has_offers = np.diff(encoded.O.indptr) > 0
        self.alive = np.ones(n, bool)
        rows, cols = [], []
        for row, doc in enumerate(self.docs):
            for code in doc.themes:
                rows.append(row)
                cols.append(theme_index.setdefault(code, len(theme_index)))
        self.T = sp.csr_matrix(
            (np.ones(len(rows), np.float32), (rows, cols)), shape=(n, max(len(theme_index), 1))
        )
        self.has_themes = np.diff(self.T.indptr) > 0
        # Small segments are scored against every row through column (inverted) access;
        # large ones are shortlisted by words and themes, then scored row by row.
        self.inverted = inverted
        fmt = "csc" if inverted else "csr"
        self.D = encoded.D.asformat(fmt)
        self.N = encoded.N.asformat(fmt)
        self.O = encoded.O.asformat(fmt)  # noqa: E741
        self.W = encoded.W.tocsc()
        self.encoded = encoded

    def __len__(self):
        return len(self.docs)

    def theme_products(self, weight_vector):
        """Per row: Σ weights of the row's themes that are in ``weight_vector``'s support."""
        w = weight_vector[: self.T.shape[1]]
        if len(w) < self.T.shape[1]:
            w = np.pad(w, (0, self.T.shape[1] - len(w)))
        return self.T @ w
