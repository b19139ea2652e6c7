"""One rule for every list that shows matches (suggestions, projects looking for you, the
dashboard, digests, the API and the exports): a match is strong when it scores at least the
admins' threshold; strong ones come first, weaker ones are set apart (folded on pages,
marked in the API and the exports, left out of digests), and a list with nothing strong
says so and what would help."""

from app.settings import get_setting


def strong_threshold():
    """The lowest score of a strong match (admin-tunable, calibrated: docs/matching.md)."""
    return get_setting("suggestion_min_score")


def is_strong(match, threshold=None):
    return match.score >= (strong_threshold() if threshold is None else threshold)


def split(rows, threshold=None):
    """(strong rows, weaker rows) of rows that carry their match as ``row["match"]``, each
    in the order given."""
    threshold = strong_threshold() if threshold is None else threshold
    strong = [r for r in rows if r["match"].score >= threshold]
    weaker = [r for r in rows if r["match"].score < threshold]
    return strong, weaker
