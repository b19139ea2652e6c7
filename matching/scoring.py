"""Component scores: the profile match (one-sided scores and their reciprocal combination)
and the weighted mean that makes the score (vectorised)."""

from dataclasses import dataclass

import numpy as np

from matching.quantized import product
from matching.weights import SCORE_FIELDS


@dataclass
class Query:
    """An encoded query: its text rows and theme weight vectors."""

    doc: object
    language: str
    D: object
    N: object
    O: object  # noqa: E741
    W: object
    theme_vector: np.ndarray  # weight of each of the query's themes, 0 elsewhere
    all_theme_weights: np.ndarray  # weight of every theme in the index
    theme_total: float
    available: frozenset = frozenset()  # the score components this query can have
    activity_scale: float = 1.0  # log(1 + the highest activity), so the most active has 1
    countries: tuple | None = None  # where candidates come from; None: any other country


def make_query(doc, rows, theme_index, weights):
    """The ``Query`` of ``doc`` from its encoded ``rows`` (D, N, O, W, language) under
    ``weights``. Themes no candidate has cannot be shared, but they still count in the
    query's total (coverage is of everything the query asks for); the index is not
    changed."""
    D, N, O, W, language = rows  # noqa: E741
    size = max(len(theme_index), 1)
    theme_vector = np.zeros(size, np.float32)
    all_weights = np.zeros(size, np.float32)
    for code, col in theme_index.items():
        all_weights[col] = (
            weights.theme_weight(code)
            if weights.theme_weights is None or code in weights.theme_weights
            else 0.0
        )
    total = 0.0
    for code in doc.themes:
        weight = weights.theme_weight(code)
        total += weight
        col = theme_index.get(code)
        if col is not None:
            theme_vector[col] = weight
    return Query(doc, language, D, N, O, W, theme_vector, all_weights, total)


def _column_dot(matrix_csc, vector_row):
    """``matrix @ vector.T`` over every row, touching only the vector's columns."""
    idx = vector_row.indices
    if len(idx) == 0:
        return np.zeros(matrix_csc.shape[0], np.float32)
    return product(matrix_csc[:, idx], vector_row.data)


def dense_row(vector_row, width):
    """A one-row sparse vector as a dense array (a matrix-vector product is then one pass
    over the matrix's rows, instead of a sparse-sparse product)."""
    out = np.zeros(width, np.float32)
    out[vector_row.indices] = vector_row.data
    return out


def _row_dot(matrix_csr, rows, vector_row):
    if len(vector_row.indices) == 0 or len(rows) == 0:
        return np.zeros(len(rows), np.float32)
    dense = dense_row(vector_row, matrix_csr.shape[1])
    return product(matrix_csr[rows], dense)


def text_scores(segment, rows, query):
    """cos(all text), cos(query needs, candidate offers), cos(query offers, cand. needs)."""
    if segment.inverted:
        d = _column_dot(segment.D, query.D)[rows]
        no = _column_dot(segment.O, query.N)[rows]
        on = _column_dot(segment.N, query.O)[rows]
    else:
        d = _row_dot(segment.D, rows, query.D)
        no = _row_dot(segment.O, rows, query.N)
        on = _row_dot(segment.N, rows, query.O)
    return np.clip(d, 0, 1), np.clip(no, 0, 1), np.clip(on, 0, 1)


def rough_profile(segment, rows, query):
    """A cheap estimate of the profile match (shared words and themes), for shortlisting."""
    words = _column_dot(segment.W, query.W)[rows]
    shared = segment.theme_products(query.theme_vector)[rows]
    themes = shared / query.theme_total if query.theme_total > 0 else 0.0
    return np.minimum(1.0, words + themes)


def calibrate(cosine, scale):
    """Map a text cosine to [0, 1]: cross-language TF-IDF cosines rarely pass ``scale``."""
    return np.minimum(1.0, cosine / scale)


def profile_scores(segment, rows, query, weights, text_scale):
    """The profile match of candidate ``rows`` of ``segment`` and its components.

    Each side's one-sided score is the weighted mean of the components it has (a missing
    one drops out); the two are combined by a harmonic mean with a floor, blended with the
    query's side by ``reciprocity``. No component on either side: 0.
    """
    d, no, on = (calibrate(x, text_scale) for x in text_scores(segment, rows, query))
    shared = segment.theme_products(query.theme_vector)[rows]
    candidate_total = segment.theme_products(query.all_theme_weights)[rows]
    has_theme = (query.theme_total > 0) & segment.has_themes[rows]
    theme_ab = np.where(has_theme, shared / max(query.theme_total, 1e-12), 0.0)
    theme_ba = np.where(candidate_total > 0, shared / np.maximum(candidate_total, 1e-12), 0.0)
    # A field of stop words only has no features: it is "no text", not a zero similarity.
    m_no = (query.N.nnz > 0) & segment.has_offers[rows]
    m_on = (query.O.nnz > 0) & segment.has_needs[rows]
    m_d = (query.D.nnz > 0) & segment.has_text[rows]
    w = weights
    num_ab = w.theme * theme_ab * has_theme + w.need_offer * no * m_no + w.description * d * m_d
    den_ab = w.theme * has_theme + w.need_offer * m_no + w.description * m_d
    num_ba = w.theme * theme_ba * has_theme + w.offer_need * on * m_on + w.description * d * m_d
    den_ba = w.theme * has_theme + w.offer_need * m_on + w.description * m_d
    u_ab = np.divide(num_ab, den_ab, out=np.zeros(len(rows)), where=den_ab > 0)
    u_ba = np.divide(num_ba, den_ba, out=np.zeros(len(rows)), where=den_ba > 0)
    a = np.maximum(u_ab, w.floor)
    b = np.maximum(u_ba, w.floor)
    harmonic = np.divide(2 * a * b, a + b, out=np.zeros(len(rows)), where=(a + b) > 0)
    profile = w.reciprocity * harmonic + (1 - w.reciprocity) * u_ab
    profile = np.where((den_ab > 0) | (den_ba > 0), profile, 0.0)
    components = {
        "theme": np.where(has_theme, theme_ab, np.nan),
        "need_offer": np.where(m_no, no, np.nan),
        "offer_need": np.where(m_on, on, np.nan),
        "description": np.where(m_d, d, np.nan),
        "query_side": u_ab,
        "candidate_side": u_ba,
    }
    return profile, components


def weighted_score(values, weights, available=SCORE_FIELDS):
    """The weighted mean of the score components that this query can have (``available``);
    a candidate without evidence for one (NaN) counts 0 there.

    What a query can have is the same for all its candidates (no history, no owners or no
    location take their components out), so it changes the scale, never the order: a score
    reads the same with or without a history.
    """
    names = [name for name in SCORE_FIELDS if name in available and getattr(weights, name)]
    total = sum(getattr(weights, name) for name in names)
    n = len(next(iter(values.values())))
    if total <= 0:
        return np.zeros(n)
    out = np.zeros(n)
    for name in names:
        out = out + getattr(weights, name) * np.nan_to_num(values[name], nan=0.0)
    return out / total
