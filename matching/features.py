"""Per-candidate features beyond the profile match: history, activity and distance."""

import numpy as np


def member_features(history, query, owners, exclude_history, text_scale):
    """The history's per-member features for one query, or None without a history."""
    if history is None or len(history) == 0:
        return None
    return history.features(owners, query, text_scale, exclude_history)


def candidate_features(segment, rows, members, query, activity_scale, routes, scale_km):
    """{component: values for ``rows``}: history_text, history_theme, ties, ties2, activity,
    distance (NaN where there is nothing to compare)."""
    n = len(rows)
    cols = segment.member_cols[rows]
    known = cols >= 0
    out = {}
    count = np.zeros(n, np.float32)
    for name in ("history_text", "history_theme", "ties", "ties2"):
        values = np.zeros(n, np.float32)
        if members is not None:
            values[known] = members[name][cols[known]]
        out[name] = values
    if members is not None:
        count[known] = members["count"][cols[known]]
    raw = count + segment.activity[rows]
    out["activity"] = (
        np.minimum(1.0, np.log1p(raw) / activity_scale) if activity_scale else np.zeros(n)
    )
    out["distance"] = nearness(query.doc, segment, rows, routes, scale_km)
    return out


def nearness(doc, segment, rows, routes, scale_km):
    """exp(-km / scale) from the query's seat to each candidate's, over the crossings
    (``matching.geography``); NaN where either seat is unknown."""
    if doc.location is None:
        return np.full(len(rows), np.nan)
    km = routes.km(doc.location, doc.country, segment.lat[rows], segment.lon[rows],
                   segment.country[rows])  # fmt: skip
    return np.exp(-km / scale_km)
