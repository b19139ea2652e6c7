"""What a query has decides which weights rank it (``Weights.in_situation``).

- "ties": its owners have cooperations with the other side on record (the weights as set);
- "newcomer": they have none, or the query has no owner: there are no ties to go by, so
  nearness over the crossings carries more and the history's text less;
- "new_partners": they have, but every such past partner is left out (the "new to you"
  list): the history's text, which points back to the usual partners' networks, carries
  little, and nearness more.

Each situation overrides only the component weights named in ``SITUATION_WEIGHTS``; they
were chosen by coordinate ascent on the real records' cases of each view
(``benchmarks/quality.py``; docs/matching.md, "Weights per situation"). Activity keeps
0.02 where it is set low: it only breaks ties.
"""

import numpy as np

SITUATIONS = ("ties", "newcomer", "new_partners")
SITUATION_WEIGHTS = {
    "newcomer": {"history_text": 1.0, "history_theme": 0.0, "activity": 0.02, "distance": 2.0},
    "new_partners": {"history_text": 0.25, "history_theme": 0.0, "activity": 0.02,
                     "distance": 2.0},
}  # fmt: skip


def situation_of(available, members, member_ids, owners, excluded, candidate_rows):
    """The situation of one query (``SITUATIONS``).

    Parameters
    ----------
    available : set of str
        The score components the query can have ("ties" only when an owner is in the
        history).
    members : dict of arrays or None
        The history's per-member features for the query (``ties`` > 0: a past partner).
    member_ids : list
        The id of each member column.
    owners, excluded : collections of ids
    candidate_rows : callable
        ``candidate_rows(doc_id)`` is true when ``doc_id`` is a live document of a
        candidate country.
    """
    if "ties" not in available or members is None:
        return "newcomer"
    partners = [member_ids[c] for c in np.flatnonzero(members["ties"] > 0)]
    across = [p for p in partners if p not in owners and candidate_rows(p)]
    if not across:
        return "newcomer"  # partners on its own side only: a newcomer across the border
    return "new_partners" if all(p in excluded for p in across) else "ties"
