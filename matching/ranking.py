"""Per-candidate features beyond the profile match: history, activity and distance."""

import numpy as np

EARTH_KM = 6371.0
DISTANCE_SCALE_KM = 100.0


def member_features(history, query, owners, exclude_history, text_scale):
    """The history's per-member features for one query, or None without a history."""
    if history is None or len(history) == 0:
        return None
    return history.features(owners, query, text_scale, exclude_history)


def candidate_features(segment, rows, members, query, activity_scale):
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
    out["distance"] = nearness(query.doc.location, segment.lat[rows], segment.lon[rows])
    return out


def nearness(location, lat, lon):
    """exp(-km / 100) from ``location`` to each (lat, lon); NaN where either is unknown."""
    if location is None:
        return np.full(len(lat), np.nan)
    lat0, lon0 = np.radians(location[0]), np.radians(location[1])
    lat1, lon1 = np.radians(lat), np.radians(lon)
    h = (
        np.sin((lat1 - lat0) / 2) ** 2
        + np.cos(lat0) * np.cos(lat1) * np.sin((lon1 - lon0) / 2) ** 2
    )
    km = 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    return np.exp(-km / DISTANCE_SCALE_KM)
