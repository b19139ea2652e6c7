"""A segment: the encoded rows of some documents, laid out for fast scoring.

The fitted corpus is one base segment; documents added or changed after ``fit`` live in a
small overlay segment until the next compaction, so an update never re-encodes the corpus.
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from matching.documents import LANGUAGE_BY_COUNTRY
from matching.quantized import as_float, quantize
from matching.text import detect_language


def detect_language_of_text(text):
    """The language of a text without a country to fall back on (Swedish when unsure)."""
    return detect_language(text, default="sv") or "sv"


def language_of(doc):
    """The document's language: given, else detected, else the country's."""
    default = LANGUAGE_BY_COUNTRY.get(doc.country, "en")
    return doc.language or detect_language(doc.text, default=default) or default


def _unit_rows(matrix):
    return normalize(matrix) if matrix.shape[0] else matrix


@dataclass
class Encoded:
    """The text rows of documents: all text (D), needs (N), offers (O), word part of D (W).

    D is the normalised sum of the description, needs and offers rows: the description
    component compares everything a document says, so a query that is only a description
    still meets a candidate's offers.
    """

    D: sp.csr_matrix
    N: sp.csr_matrix
    O: sp.csr_matrix  # noqa: E741
    W: sp.csr_matrix
    languages: list


def encode_one(encoder, doc):
    """Encode one document on the fast path (queries, single updates)."""
    language = language_of(doc)
    desc = encoder.transform_one(doc.description, language)
    N = encoder.transform_one(doc.needs, language)
    O = encoder.transform_one(doc.offers, language)  # noqa: E741
    cols = np.concatenate([r.indices for r in (desc, N, O)])
    vals = np.concatenate([r.data for r in (desc, N, O)])
    cols, inverse = np.unique(cols, return_inverse=True)
    sums = np.bincount(inverse, weights=vals, minlength=len(cols))
    width = desc.shape[1]
    word = cols < encoder.n_word_features_
    D = _single_row(cols, sums, width)
    W = _single_row(cols[word], sums[word], width)
    return Encoded(D, N, O, W, [language])


def _single_row(cols, values, width):
    values = values.astype(np.float32)
    norm = float(np.sqrt(np.dot(values, values)))
    if norm > 0:
        values = values / norm
    return sp.csr_matrix(
        (values, cols.astype(np.int32), np.array([0, len(cols)], np.int32)), shape=(1, width)
    )


def field_texts(docs):
    """Texts and languages laid out as description, needs, offers of each document in turn."""
    texts, languages = [], []
    for doc in docs:
        language = language_of(doc)
        texts.extend((doc.description, doc.needs, doc.offers))
        languages.extend((language, language, language))
    return texts, languages


ENCODE_CHUNK = 4096


def encode(encoder, docs, quantized=False):
    """Encode documents with a fitted ``TextEncoder``, a chunk at a time (bounded memory);
    ``quantized``: with 16-bit weights (``matching.quantized``), each chunk as it is made."""
    if len(docs) == 1:
        return encode_one(encoder, docs[0])
    parts = {"D": [], "N": [], "O": [], "W": []}
    languages = []
    for start in range(0, max(len(docs), 1), ENCODE_CHUNK):
        texts, langs = field_texts(docs[start : start + ENCODE_CHUNK])
        stacked = encoder.transform(texts, langs)
        N, O = stacked[1::3], stacked[2::3]  # noqa: E741
        D = _unit_rows(stacked[0::3] + N + O)
        W = _unit_rows(D[:, : encoder.n_word_features_])
        W.resize(W.shape[0], D.shape[1])
        for name, matrix in (("D", D), ("N", N), ("O", O), ("W", W)):
            matrix = sp.csr_matrix(matrix, dtype=np.float32)
            parts[name].append(quantize(matrix) if quantized else matrix)
        languages.extend(langs[0::3])
    merged = {name: stack_rows(parts.pop(name)) for name in ("D", "N", "O", "W")}
    return Encoded(merged["D"], merged["N"], merged["O"], merged["W"], languages)


def stack_rows(chunks):
    """One csr matrix of the rows of ``chunks`` (a list of csr matrices of one width and
    weight type, emptied on the way): each chunk is freed as soon as it is copied, so
    stacking needs the memory of the result plus one chunk, not twice the result (as
    ``scipy.sparse.vstack`` would)."""
    if len(chunks) == 1:
        return chunks.pop()
    width = chunks[0].shape[1]
    nnz = sum(c.nnz for c in chunks)
    n = sum(c.shape[0] for c in chunks)
    data = np.empty(nnz, chunks[0].dtype)  # pages become resident as they are written
    indices = np.empty(nnz, np.int32 if width < 2**31 else np.int64)
    indptr = np.zeros(n + 1, np.int64)
    at = row = 0
    while chunks:
        chunk = chunks.pop(0)
        data[at : at + chunk.nnz] = chunk.data
        indices[at : at + chunk.nnz] = chunk.indices
        indptr[row + 1 : row + 1 + chunk.shape[0]] = chunk.indptr[1:] + at
        at, row = at + chunk.nnz, row + chunk.shape[0]
        del chunk
    return sp.csr_matrix((data, indices, indptr), shape=(n, width), copy=False)


class Segment:
    """Documents with their encoded rows, theme incidence and flags."""

    def __init__(self, docs, encoded, theme_index, inverted, quantized=False):
        self.docs = list(docs)
        self.ids = [d.id for d in self.docs]
        self.row_of = {doc_id: row for row, doc_id in enumerate(self.ids)}
        self.languages = encoded.languages
        n = len(self.docs)
        self.country = np.array([d.country for d in self.docs], dtype="U8")
        self.activity = np.fromiter((d.activity for d in self.docs), np.float32, n)
        self.lat = np.array([d.location[0] if d.location else np.nan for d in self.docs], float)
        self.lon = np.array([d.location[1] if d.location else np.nan for d in self.docs], float)
        self.member_cols = np.full(n, -1, np.int64)  # the row's column in the history
        self.has_text = np.diff(encoded.D.indptr) > 0
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
        # ``quantized``: 16-bit weights (``matching.quantized``; ``encode`` can make them so a
        # chunk at a time, else it is done here, as after a compaction).
        matrices = (encoded.D, encoded.N, encoded.O, encoded.W)
        if quantized:
            matrices = [quantize(m) for m in matrices]
        fmt = "csc" if inverted else "csr"
        self.D, self.N, self.O = (m.asformat(fmt) for m in matrices[:3])
        self.W = matrices[3].tocsc()

    def __len__(self):
        return len(self.docs)

    def __getstate__(self):
        from matching.documents import Document
        from matching.persistence import packed

        state = dict(self.__dict__)
        state["docs"] = packed(self.docs, Document)
        state.pop("row_of")  # made again from the ids
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.row_of = {doc_id: row for row, doc_id in enumerate(self.ids)}

    def __copy__(self):  # a shallow copy (Matcher.fork), not a saved one
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        return clone

    def encoded_rows(self, rows=None):
        """The encoded rows (all, or ``rows``) as ``Encoded``, for compaction."""
        rows = np.arange(len(self.docs)) if rows is None else np.asarray(rows)
        return Encoded(
            *(as_float(getattr(self, name).tocsr()[rows]) for name in ("D", "N", "O", "W")),
            [self.languages[i] for i in rows],
        )

    def attach(self, history):
        """Point each row at its member column in ``history`` (-1: no cooperations)."""
        index = history.member_index if history is not None else {}
        self.member_cols = np.fromiter(
            (index.get(doc_id, -1) for doc_id in self.ids), np.int64, len(self.ids)
        )

    def theme_products(self, weight_vector):
        """Per row: Σ weights of the row's themes that are in ``weight_vector``'s support."""
        w = weight_vector[: self.T.shape[1]]
        if len(w) < self.T.shape[1]:
            w = np.pad(w, (0, self.T.shape[1] - len(w)))
        return self.T @ w
