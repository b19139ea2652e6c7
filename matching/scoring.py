"""Component scores, one-sided scores and their reciprocal combination (vectorised)."""

from dataclasses import dataclass

import numpy as np


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


def _column_dot(matrix_csc, vector_row):
    """``matrix @ vector.T`` over every row, touching only the vector's columns."""
    idx = vector_row.indices
    if len(idx) == 0:
        return np.zeros(matrix_csc.shape[0], np.float32)
    return np.asarray(matrix_csc[:, idx] @ vector_row.data, dtype=np.float32).ravel()


def _row_dot(matrix_csr, rows, vector_row):
    if len(vector_row.indices) == 0 or len(rows) == 0:
        return np.zeros(len(rows), np.float32)
    return np.asarray((matrix_csr[rows] @ vector_row.T).toarray(), dtype=np.float32).ravel()


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


def shortlist(segment, rows, query, size):
    """The ``size`` rows of ``rows`` most likely to score well (words, themes, activity)."""
    words = _column_dot(segment.W, query.W)[rows]
    shared = segment.theme_products(query.theme_vector)[rows]
    themes = shared / query.theme_total if query.theme_total > 0 else 0.0
    rough = words + themes + 0.01 * segment.activity[rows]
    keep = np.argpartition(-rough, size - 1)[:size]
    return rows[keep]


def calibrate(cosine, scale):
    """Map a text cosine to [0, 1]: cross-language TF-IDF cosines rarely pass ``scale``."""
    return np.minimum(1.0, cosine / scale)


def score_rows(segment, rows, query, weights, text_scale):
    """Scores and components for candidate ``rows`` of ``segment``."""
    d, no, on = (calibrate(x, text_scale) for x in text_scores(segment, rows, query))
    shared = segment.theme_products(query.theme_vector)[rows]
    candidate_total = segment.theme_products(query.all_theme_weights)[rows]
    has_theme = (query.theme_total > 0) & segment.has_themes[rows]
    theme_ab = np.where(has_theme, shared / max(query.theme_total, 1e-12), 0.0)
    theme_ba = np.where(candidate_total > 0, shared / np.maximum(candidate_total, 1e-12), 0.0)
    m_no = bool(query.doc.needs) & segment.has_offers[rows]
    m_on = bool(query.doc.offers) & segment.has_needs[rows]
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
    reciprocal = w.reciprocity * harmonic + (1 - w.reciprocity) * u_ab
    activity = segment.activity[rows] / (1.0 + segment.activity[rows])
    score = (1 - w.activity) * reciprocal + w.activity * activity
    components = {
        "theme": np.where(has_theme, theme_ab, np.nan),
        "need_offer": np.where(m_no, no, np.nan),
        "offer_need": np.where(m_on, on, np.nan),
        "description": np.where(m_d, d, np.nan),
        "activity": activity,
        "query_side": u_ab,
        "candidate_side": u_ba,
    }
    return score, components
