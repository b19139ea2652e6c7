"""Pages of a list for the API: items plus where the page sits in the whole list."""

import math

from app.extensions import db


def paginate(query, page, per_page, row, extra=None):
    """``query`` (None: an empty list) as one page of ``row(item)`` dicts."""
    if query is None:
        items, total = [], 0
    else:
        result = db.paginate(query, page=page, per_page=per_page, error_out=False, count=True)
        items, total = [row(item) for item in result.items], result.total
    return {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": math.ceil(total / per_page) if total else 0,
        **(extra or {}),
    }
