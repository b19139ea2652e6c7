"""THE bridge to matching/: ORM rows → matching.Document, ranks → rows.

The app reaches the engine only through this module. Matchers are cached per process and
refitted when the corpus version changes (weights enter at ranking time and need no refit);
a lock makes concurrent requests wait for one fit instead of running several.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from app.corpus import corpus_version
from app.extensions import db
from app.matches.suggestion_log import (  # noqa: F401 - dismiss is the views' entry
    apply_exposure_cap,
    contacted,
    dismiss,
    dismissed_ids,
    ground_truth,
    log_shown,
)
from app.models import (
    Contact,
    Cooperation,
    Municipality,
    Profile,
    Project,
    Theme,
    User,
    WeightSet,
)
from matching import Cooperation as HistoryEntry
from matching import Document, Matcher, Outcome, Weights, learn_weights
from matching.documents import LANGUAGE_BY_COUNTRY
from matching.evaluation import bootstrap_interval, exposure, score_ranking  # noqa: F401 - for app/admin
from matching.text import matches_search
from matching.weights import PARAMETER, PARAMETERS  # noqa: F401 - the registry, for the app

_lock = threading.Lock()
_FITTED = OrderedDict()  # content fingerprint → (profiles matcher, projects matcher)


@dataclass
class Engine:
    corpus_version: int
    profiles: Matcher  # candidates for a project: municipality profiles, id = municipality id
    projects: Matcher  # projects looking for a municipality: open projects, id = project id


def default_components():
    """The engine's documented defaults of every registered weight (matching.PARAMETERS)."""
    return Weights().parameters()


def make_weights(components, theme_weights):
    """Weights from plain data; every theme of the taxonomy gets a weight (ValueError if bad).

    Names a stored version has that the registry no longer knows are ignored, so an old
    version stays applicable after the engine drops a weight.
    """
    taxonomy = {t.code: t.weight for t in db.session.execute(db.select(Theme)).scalars()}
    taxonomy.update(theme_weights or {})
    known = {k: v for k, v in (components or {}).items() if k in PARAMETER}
    return Weights.from_parameters(known, theme_weights=taxonomy)


def active_weights():
    """The weights in force and their version (0: the code defaults and theme weights)."""
    active = db.session.execute(
        db.select(WeightSet).where(WeightSet.active.is_(True))
    ).scalar_one_or_none()
    if active is None:
        return make_weights({}, {}), 0
    return make_weights(active.components, active.theme_weights), active.version


def _activity():
    """Per municipality: accepted contacts (either side) plus open projects."""
    counts = {}
    accepted = (
        db.select(Project.municipality_id, Contact.to_municipality_id)
        .join(Contact, Contact.project_id == Project.id)
        .where(Contact.status == "accepted")
    )
    for owner, receiver in db.session.execute(accepted):
        counts[owner] = counts.get(owner, 0) + 1
        counts[receiver] = counts.get(receiver, 0) + 1
    open_counts = db.session.execute(
        db.select(Project.municipality_id, func.count())
        .where(Project.is_open)
        .group_by(Project.municipality_id)
    )
    for municipality_id, n in open_counts:
        counts[municipality_id] = counts.get(municipality_id, 0) + n
    return counts


def profile_document(profile, activity=0.0, doc_id=None):
    m = profile.municipality
    return Document(
        id=m.id if doc_id is None else doc_id,
        country=m.country,
        description=profile.description,
        needs=profile.needs,
        offers=profile.offers,
        themes=frozenset(t.code for t in profile.themes),
        language=LANGUAGE_BY_COUNTRY[m.country],
        activity=float(activity),
        location=(m.lat, m.lon),
    )


def bare_document(municipality, activity=0.0):
    """A municipality without a profile: a candidate by its history, activity and seat."""
    return Document(
        id=municipality.id,
        country=municipality.country,
        language=LANGUAGE_BY_COUNTRY[municipality.country],
        activity=float(activity),
        location=(municipality.lat, municipality.lon),
    )


def project_document(project, doc_id=None):
    m = project.municipality
    return Document(
        id=project.id if doc_id is None else doc_id,
        country=m.country,
        description=f"{project.title}. {project.summary}",
        needs=project.needs,
        offers=project.offers,
        themes=frozenset(t.code for t in project.themes),
        language=LANGUAGE_BY_COUNTRY[m.country],
        location=(m.lat, m.lon),
    )


def history_records():
    """The cooperation history as the engine's Cooperations (members: municipality ids)."""
    rows = (
        db.session.execute(
            db.select(Cooperation).options(
                selectinload(Cooperation.members), selectinload(Cooperation.themes)
            )
        )
        .scalars()
        .all()
    )
    return [
        HistoryEntry(
            ("cooperation", c.id),
            frozenset(m.id for m in c.members),
            text=f"{c.title}. {c.summary}",
            themes=frozenset(t.code for t in c.themes),
            year=c.year,
            title=c.title,
        )
        for c in rows
    ]


def _build(version):
    weights = make_weights({}, {})  # weights enter at rank time; fitting needs the taxonomy
    activity = _activity()
    history = history_records()
    profiles = db.session.execute(db.select(Profile)).scalars().all()
    with_profile = {p.municipality_id for p in profiles}
    in_history = {m for c in history for m in c.members} - with_profile
    bare = db.session.execute(
        db.select(Municipality).where(Municipality.id.in_(in_history))
    ).scalars()
    candidates = [profile_document(p, activity.get(p.municipality_id, 0)) for p in profiles]
    candidates += [bare_document(m, activity.get(m.id, 0)) for m in bare]
    projects = db.session.execute(db.select(Project).where(Project.is_open)).scalars().all()
    project_docs = [project_document(p) for p in projects]
    # The same content fits the same matchers: a version bump that changed nothing the engine
    # reads (or another app in this process on the same data) reuses them.
    key = (
        tuple(candidates),
        tuple(history),
        tuple(project_docs),
        tuple(sorted(weights.theme_weights or ())),  # the taxonomy; weights enter at rank
    )
    fitted = _FITTED.get(key)
    if fitted is None:
        fitted = (
            Matcher(weights).fit(candidates, history),
            Matcher(weights).fit(project_docs),
        )
        _FITTED[key] = fitted
        while len(_FITTED) > 4:
            _FITTED.popitem(last=False)
    return Engine(corpus_version=version, profiles=fitted[0], projects=fitted[1])


def engine():
    """The fitted matchers for the current corpus (refitted when it has changed)."""
    state = current_app.extensions.setdefault("kop_engine", {})
    version = corpus_version()

    def stale(eng):
        return eng is None or eng.corpus_version != version

    if stale(state.get("engine")):
        with _lock:
            if stale(state.get("engine")):
                state["engine"] = _build(version)
    return state["engine"]


def suggest(project, region=None, cooperation_form=None, limit=10):
    """Ranked, explained candidates on the other side for ``project``; logs what is shown."""
    eng = engine()
    weights, weights_version = active_weights()
    excluded = dismissed_ids(project)
    matches = eng.profiles.rank(
        project_document(project, doc_id="query"),
        k=100,
        exclude=excluded,
        owners={project.municipality_id},
        weights=weights,
    )
    matches = apply_exposure_cap(project, matches, weights)
    municipalities = {
        m.id: m
        for m in db.session.execute(
            db.select(Municipality)
            .where(Municipality.id.in_([m.id for m in matches]))
            .options(selectinload(Municipality.profile))
        ).scalars()
    }
    shown = []
    for match in matches:
        municipality = municipalities[match.id]
        profile = municipality.profile
        if region and municipality.region != region:
            continue
        if cooperation_form and (
            profile is None or cooperation_form not in (profile.cooperation_forms or [])
        ):
            continue
        shown.append((municipality, match))
        if len(shown) == limit:
            break
    log_shown(project, shown, weights_version)
    contacts = contacted(project)
    answered = set(
        db.session.execute(
            db.select(User.municipality_id).where(
                User.municipality_id.in_([m.id for m, _ in shown]),
                User.active.is_(True),
                User.role == "member",
            )
        ).scalars()
    )
    return [
        {
            "municipality": municipality,
            "profile": municipality.profile,
            "match": match,
            "rank": rank,
            "distance_km": round(project.municipality.distance_km(municipality)),
            "contact": contacts.get(municipality.id),
            "answered": municipality.id in answered,
        }
        for rank, (municipality, match) in enumerate(shown, start=1)
    ]


def projects_for(municipality, limit=10, weights=None):
    """Open projects on the other side that fit ``municipality``'s profile, explained.

    ``weights`` lets a caller that asks for many municipalities read the weights once.
    """
    if municipality.profile is None:
        return []
    eng = engine()
    query = profile_document(municipality.profile, doc_id="query")
    weights = active_weights()[0] if weights is None else weights
    matches = eng.projects.rank(query, k=limit, weights=weights)
    projects = {
        p.id: p
        for p in db.session.execute(
            db.select(Project).where(Project.id.in_([m.id for m in matches]))
        ).scalars()
    }
    return [{"project": projects[m.id], "match": m} for m in matches if m.id in projects]


def refresh_all(on_project=None):
    """Recompute and log suggestions for every open project; returns how many."""
    projects = (
        db.session.execute(db.select(Project).where(Project.is_open).order_by(Project.id))
        .scalars()
        .all()
    )
    for project in projects:
        suggest(project)
        if on_project is not None:
            on_project(project)
    return len(projects)


# -- for the admins: rankings under other weights, and how good they are ---------------------
def rank_projects(projects, weights, k=10, exclude_dismissed=True):
    """{project id: [municipality ids, best first]} under ``weights`` (with its exposure cap)."""
    queries = [project_document(p, doc_id=("query", p.id)) for p in projects]
    excludes = [dismissed_ids(p) if exclude_dismissed else () for p in projects]
    owners = [{p.municipality_id} for p in projects]
    lists = engine().profiles.rank_many(
        queries, k=k, weights=weights, excludes=excludes, owners=owners
    )
    return {p.id: [m.id for m in lst] for p, lst in zip(projects, lists, strict=True)}


def ranking_metrics(ranked_ids, relevant, k=10):
    """nDCG@k, recall@k and reciprocal rank of one ranking against relevant ids."""
    return score_ranking(ranked_ids, relevant, k)


def learn_from_outcomes(weights):
    """Component weights learned from outcomes, cross-validated (``matching.learn_weights``).

    Outcomes: every cross-strait cooperation of the history (left out of its own features)
    and every project with an accepted contact (the accepting municipality is the positive,
    dismissed candidates are explicit negatives).
    """
    positives, negatives = ground_truth()
    projects = db.session.execute(
        db.select(Project).where(Project.id.in_(list(positives)))
    ).scalars()
    outcomes = [
        Outcome(
            project_document(p, doc_id=("outcome", p.id)),
            frozenset([p.municipality_id]),
            frozenset(positives[p.id]),
            frozenset(negatives.get(p.id, ())),
            group=("project", p.id),
            origin="contact",
        )
        for p in projects
    ]
    return learn_weights(engine().profiles, outcomes, base=weights)


def text_matches(query, text):
    """Free-text search with the engine's pipeline: every word of ``query`` is in ``text``
    by stem, lexicon concept or cognate key (ældrepleje finds äldreomsorg)."""
    return matches_search(query, text)
