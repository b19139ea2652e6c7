"""What a draft of weights would do: rank moves per open project and offline evidence.

Evidence: accepted contacts are the positives (nDCG@10, Recall@10, MRR over the projects
that have one), dismissals the negatives (the share of dismissed candidates that still
make the top ten), plus catalogue coverage and the share of top-ten slots taken by the
five most shown municipalities. Rankings here ignore dismissals, or the negatives could
never be seen.
"""

from app.extensions import db
from app.matches.services import (
    bootstrap_interval,
    exposure,
    ground_truth,
    rank_projects,
    ranking_metrics,
)
from app.models import Municipality, Project

K = 10
TOO_FEW_CASES = 10  # below this many projects with an accepted contact, say it says little


def _open_projects():
    return (
        db.session.execute(
            db.select(Project).where(Project.is_open).order_by(Project.created_at.desc())
        )
        .scalars()
        .all()
    )


def preview(current, draft):
    """Per open project: the top ten now and with the draft, with each candidate's move."""
    projects = _open_projects()
    now = rank_projects(projects, current, K)
    then = rank_projects(projects, draft, K)
    names = {m.id: m for m in db.session.execute(db.select(Municipality)).scalars()}
    rows = []
    for project in projects:
        before = {mid: i for i, mid in enumerate(now[project.id], start=1)}
        entries = []
        for rank, mid in enumerate(then[project.id], start=1):
            old = before.get(mid)
            entries.append(
                {
                    "municipality": names[mid],
                    "rank": rank,
                    "old_rank": old,
                    "move": None if old is None else old - rank,
                }
            )
        dropped = [names[mid] for mid in now[project.id] if mid not in set(then[project.id])]
        changed = now[project.id] != then[project.id]
        rows.append(
            {"project": project, "entries": entries, "dropped": dropped, "changed": changed}
        )
    return rows


def evidence_from_rankings(rankings, positives, negatives, open_rankings, k=K):
    """The evidence figures from plain rankings (pure: the tests compute them by hand)."""
    pos_cases = [pid for pid in positives if pid in rankings]
    per_case = [ranking_metrics(rankings[pid], positives[pid], k) for pid in pos_cases]
    ndcg = sum(m["ndcg"] for m in per_case)
    recall = sum(m["recall"] for m in per_case)
    rr = sum(m["rr"] for m in per_case)
    neg_cases = [pid for pid in negatives if pid in rankings]
    dismissed = sum(len(negatives[pid]) for pid in neg_cases)
    in_top = sum(len(negatives[pid] & set(rankings[pid][:k])) for pid in neg_cases)
    spread = exposure(open_rankings.values(), k)
    n = len(pos_cases)
    return {
        "positive_cases": n,
        "too_few_cases": n < TOO_FEW_CASES,
        "ndcg10_ci": bootstrap_interval([m["ndcg"] for m in per_case]),
        "recall10_ci": bootstrap_interval([m["recall"] for m in per_case]),
        "mrr_ci": bootstrap_interval([m["rr"] for m in per_case]),
        "ndcg10": ndcg / n if n else None,
        "recall10": recall / n if n else None,
        "mrr": rr / n if n else None,
        "negative_cases": len(neg_cases),
        "dismissed_in_top10": in_top / dismissed if dismissed else None,
        **spread,
    }


def evidence(weights):
    """The evidence figures of ``weights`` on the platform's own history."""
    positives, negatives = ground_truth()
    ids = set(positives) | set(negatives)
    projects = db.session.execute(db.select(Project).where(Project.id.in_(ids))).scalars().all()
    rankings = rank_projects(projects, weights, K, exclude_dismissed=False)
    open_rankings = rank_projects(_open_projects(), weights, K)
    return evidence_from_rankings(rankings, positives, negatives, open_rankings)
