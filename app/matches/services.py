"""THE bridge to matching/: ORM rows → matching.Document, fitted matchers, ranks → rows.

The app reaches the engine only through this module. The fitted matchers live in
``app.index.state`` (one persisted snapshot for every worker, kept current by the change
log); this module builds documents for them, fits them (``fit_matchers``), applies changes
(``apply_changes``) and ranks. Weights enter at ranking time and need no refit.
"""

import math
from dataclasses import replace

from flask import current_app
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from app.area import current_area
from app.clock import utcnow
from app.extensions import db
from app.matches.suggestion_log import (
    contacted,
    dismiss,
    dismissed_ids,
    exposure_counts,
    ground_truth,
    log_shown,
    undo_dismiss,
)
from app.models import (
    Contact,
    Cooperation,
    IndexChange,
    Municipality,
    Profile,
    Project,
    Theme,
    WeightSet,
    cooperation_members,
)
from app.reference import crossing_rows
from matching import (
    PARAMETER,
    PARAMETERS,
    Document,
    Matcher,
    Outcome,
    Weights,
    bootstrap_interval,
    cap_exposure,
    crossings_from_rows,
    exposure,
    learn_weights,
    score_ranking,
    search,
    written_in,
)
from matching import Cooperation as HistoryEntry

# What the rest of the app uses of the engine, through here only (matching/ is pure; the
# project's rule 6), and of the suggestion log, whose dismissals the views call here.
__all__ = [
    "PARAMETERS",
    "active_weights",
    "apply_changes",
    "apply_exposure_cap",
    "bare_document",
    "bootstrap_interval",
    "candidate_document",
    "contacted",
    "default_components",
    "dismiss",
    "dismissed_ids",
    "engine",
    "expire_projects",
    "explain_candidates",
    "exposure",
    "exposure_counts",
    "fit_matchers",
    "ground_truth",
    "history_records",
    "learn_from_outcomes",
    "log_shown",
    "make_weights",
    "own_cooperations",
    "past_partners",
    "profile_document",
    "project_document",
    "rank_candidates",
    "rank_projects",
    "rank_projects_for",
    "ranking_metrics",
    "search_ranking",
    "undo_dismiss",
]

# Fitted matchers by content, or None: production fits once per build and keeps nothing
# (a refit worker holding four fitted matchers cost memory for nothing). The test suite sets
# a dict here (tests/conftest.py) so that its many apps on the same data fit once.
FIT_CACHE = None
FIT_CACHE_SIZE = 4


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
    """The weights in force and their version (0: the code defaults and theme weights).

    Cached per process by (weights version, the taxonomy's last change): one small query
    per request instead of reading the theme table.
    """
    active = db.session.execute(
        db.select(WeightSet.id, WeightSet.version).where(WeightSet.active.is_(True))
    ).first()
    key = (tuple(active) if active else None, IndexChange.latest_refit_id())
    cache = current_app.extensions.setdefault("kop_weights", {})
    if key not in cache:
        cache.clear()
        if active is None:
            cache[key] = (make_weights({}, {}), 0)
        else:
            row = db.session.get(WeightSet, active.id)
            cache[key] = (make_weights(row.components, row.theme_weights), row.version)
    return cache[key]


def activity(municipality_ids=None):
    """Per municipality (all, or those of ``municipality_ids``): accepted contacts (either
    side) plus open projects."""
    counts = {}
    accepted = (
        db.select(Project.municipality_id, Contact.to_municipality_id)
        .join(Contact, Contact.project_id == Project.id)
        .where(Contact.status == "accepted")
    )
    open_projects = db.select(Project.municipality_id, func.count()).where(Project.is_open)
    if municipality_ids is not None:
        ids = list(municipality_ids)
        accepted = accepted.where(
            Project.municipality_id.in_(ids) | Contact.to_municipality_id.in_(ids)
        )
        open_projects = open_projects.where(Project.municipality_id.in_(ids))
    for owner, receiver in db.session.execute(accepted):
        counts[owner] = counts.get(owner, 0) + 1
        counts[receiver] = counts.get(receiver, 0) + 1
    open_counts = db.session.execute(open_projects.group_by(Project.municipality_id))
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
        language=written_in(
            " ".join((profile.description, profile.needs, profile.offers)),
            current_area().language_of(m.country),
        ),
        activity=float(activity),
        location=(m.lat, m.lon),
    )


def bare_document(municipality, activity=0.0):
    """A municipality without a profile: a candidate by its history, activity and seat."""
    return Document(
        id=municipality.id,
        country=municipality.country,
        language=current_area().language_of(municipality.country),
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
        language=written_in(
            " ".join((project.title, project.summary, project.needs, project.offers)),
            current_area().language_of(m.country),
        ),
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


def _profiles_query():
    return db.select(Profile).options(
        selectinload(Profile.municipality), selectinload(Profile.themes)
    )


def _open_projects_query():
    return (
        db.select(Project)
        .where(Project.is_open)
        .options(selectinload(Project.municipality), selectinload(Project.themes))
    )


def _in_history():
    return set(db.session.execute(db.select(cooperation_members.c.municipality_id)).scalars())


def fit_matchers():
    """Fit both matchers on the database as it is: (profiles, projects, expiries).

    ``expiries`` maps each indexed project to its expiry, so the index can drop it then.
    """
    weights = make_weights({}, {})  # weights enter at rank time; fitting needs the taxonomy
    counts = activity()
    history = history_records()
    profiles = db.session.execute(_profiles_query()).scalars().all()
    with_profile = {p.municipality_id for p in profiles}
    bare = db.session.execute(
        db.select(Municipality).where(Municipality.id.in_(_in_history() - with_profile))
    ).scalars()
    candidates = [profile_document(p, counts.get(p.municipality_id, 0)) for p in profiles]
    candidates += [bare_document(m, counts.get(m.id, 0)) for m in bare]
    projects = db.session.execute(_open_projects_query()).scalars().all()
    project_docs = [project_document(p) for p in projects]
    expiries = {p.id: p.expires_at for p in projects}
    key = (tuple(candidates), tuple(history), tuple(project_docs),
           tuple(sorted(weights.theme_weights or ())))  # fmt: skip
    cache = FIT_CACHE
    fitted = cache.get(key) if cache is not None else None
    if fitted is None:
        crossings = crossings_from_rows(crossing_rows())
        fitted = (
            Matcher(weights, crossings=crossings).fit(candidates, history),
            Matcher(weights, crossings=crossings).fit(project_docs),
        )
        if cache is None:
            return fitted[0], fitted[1], expiries
        cache[key] = fitted
        while len(cache) > FIT_CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    # A fork per caller: matchers take updates, and the cached ones must stay as fitted.
    return fitted[0].fork(), fitted[1].fork(), expiries


def candidate_document(municipality_id, counts, in_history):
    """The profile matcher's document of a municipality now (None: not a candidate)."""
    municipality = db.session.get(Municipality, municipality_id)
    if municipality is None:
        return None
    if municipality.profile is not None:
        return profile_document(municipality.profile, counts.get(municipality_id, 0))
    if municipality_id in in_history:
        return bare_document(municipality, counts.get(municipality_id, 0))
    return None


def apply_changes(profiles, projects, expiries, changes):
    """Bring fitted matchers up to date with ``changes`` [(kind, key)] (no refit).

    Municipalities get their document rebuilt (profile, activity); projects are updated when
    open and removed otherwise. ``expiries`` is kept in step. Returns how many documents
    changed.
    """
    municipality_ids = {key for kind, key in changes if kind == "municipality"}
    project_ids = {key for kind, key in changes if kind == "project"}
    if municipality_ids:  # each matcher takes its changes at once (one rebuild, not one each)
        counts, in_history = activity(municipality_ids), _in_history()
        updated, removed = [], []
        for municipality_id in municipality_ids:
            document = candidate_document(municipality_id, counts, in_history)
            if document is None:
                removed.append(municipality_id)
            else:
                updated.append(_within_taxonomy(profiles, document))
        profiles.change(updated, removed)
    if project_ids:
        open_now = {
            p.id: p
            for p in db.session.execute(
                _open_projects_query().where(Project.id.in_(project_ids))
            ).scalars()
        }
        updated = []
        for project_id in project_ids:
            project = open_now.get(project_id)
            if project is None:
                expiries.pop(project_id, None)
            else:
                updated.append(_within_taxonomy(projects, project_document(project)))
                expiries[project_id] = project.expires_at
        projects.change(updated, removed=project_ids - set(open_now))
    return len(municipality_ids) + len(project_ids)


def _within_taxonomy(matcher, document):
    """The document without themes the fitted matcher does not know (a theme added since
    the last fit: the refit that its creation asked for brings them in)."""
    known = matcher.weights_.theme_weights
    if known is None or document.themes <= set(known):
        return document
    return replace(document, themes=frozenset(t for t in document.themes if t in known))


def expire_projects(profiles, projects, expiries, now=None):
    """Drop projects whose time is up from the index (and count them out of their owners'
    activity). Returns the expired project ids."""
    now = now or utcnow()
    expired = [pid for pid, moment in expiries.items() if moment <= now]
    if not expired:
        return []
    owners = set(db.session.execute(
        db.select(Project.municipality_id).where(Project.id.in_(expired))
    ).scalars())  # fmt: skip
    projects.change(removed=expired)
    for project_id in expired:
        expiries.pop(project_id, None)
    apply_changes(profiles, projects, expiries, [("municipality", m) for m in owners])
    return expired


def engine():
    """The current fitted matchers of this process: the index (``app.index``) puts its
    engine on the app, as Flask-SQLAlchemy puts ``db``; this module does not import it."""
    return current_app.extensions["kop_engine"]()


def apply_exposure_cap(project, matches, weights):
    """Where lists are made: a municipality already in the top ten of more than
    ``exposure_cap`` of the open projects' lists moves below all the others (the engine's
    one rule, ``matching.cap_exposure``, with counts from the log of what was shown)."""
    if not weights.exposure_cap:
        return matches
    n_lists, shown = exposure_counts(project)
    return cap_exposure(matches, shown, max(1, math.ceil(weights.exposure_cap * n_lists)))


def past_partners(municipality_id):
    """The municipalities that have cooperated with ``municipality_id`` (the history,
    platform cooperations included)."""
    mine = db.select(cooperation_members.c.cooperation_id).where(
        cooperation_members.c.municipality_id == municipality_id
    )
    return set(
        db.session.execute(
            db.select(cooperation_members.c.municipality_id).where(
                cooperation_members.c.cooperation_id.in_(mine),
                cooperation_members.c.municipality_id != municipality_id,
            )
        ).scalars()
    )


def own_cooperations(project):
    """The history entries that came out of ``project`` itself ("we work together" on it):
    its suggestions never rest on them (no "similar project: this very project")."""
    return frozenset(
        ("cooperation", cooperation_id)
        for cooperation_id in db.session.execute(
            db.select(Cooperation.id).join(Contact, Cooperation.contact_id == Contact.id)
            .where(Contact.project_id == project.id)
        ).scalars()
    )  # fmt: skip


def rank_candidates(project, k=100, exclude=(), weights=None, explain=True, own=None):
    """Municipalities on the other side for ``project``: a list of matching.Match (without
    explanations when ``explain`` is False: ``explain_candidates`` adds them). ``own``: the
    project's ``own_cooperations``, when the caller has read them already."""
    return engine().profiles.rank(
        project_document(project, doc_id="query"),
        k=k,
        exclude=exclude,
        owners={project.municipality_id},
        weights=weights,
        exclude_history=own_cooperations(project) if own is None else own,
        explain=explain,
        countries=current_area().other_side(project.municipality.country),
    )


def explain_candidates(project, matches, weights=None, own=None):
    """The explanations of the matches of ``rank_candidates(…, explain=False)`` a page
    shows (explaining costs more than ranking: only the shown ones pay)."""
    return engine().profiles.explain(
        project_document(project, doc_id="query"),
        matches,
        owners={project.municipality_id},
        weights=weights,
        exclude_history=own_cooperations(project) if own is None else own,
        countries=current_area().other_side(project.municipality.country),
    )


def rank_projects_for(municipality, k=10, weights=None):
    """Open projects on the other side for ``municipality``'s profile (list of Match)."""
    query = profile_document(municipality.profile, doc_id="query")
    return engine().projects.rank(
        query, k=k, weights=weights, countries=current_area().other_side(municipality.country)
    )


# -- for the admins: rankings under other weights, and how good they are ---------------------
def rank_projects(projects, weights, k=10, exclude_dismissed=True):
    """{project id: [municipality ids, best first]} under ``weights`` (with its exposure cap)."""
    queries = [project_document(p, doc_id=("query", p.id)) for p in projects]
    excludes = [dismissed_ids(p) if exclude_dismissed else () for p in projects]
    owners = [{p.municipality_id} for p in projects]
    countries = [current_area().other_side(p.municipality.country) for p in projects]
    lists = engine().profiles.rank_many(
        queries, k=k, weights=weights, excludes=excludes, owners=owners, countries=countries,
        explain=False,
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
    # The history's texts stand for queries that cannot know their partners' names: masked,
    # as the quality benchmark masks them.
    names = db.session.execute(db.select(Municipality.name)).scalars().all()
    return learn_weights(engine().profiles, outcomes, base=weights, names=names)


def search_ranking(query, texts, fields):
    """Ids of ``texts`` ({id: {field: text}}) that free-text ``query`` finds, best first:
    every word found by stem, lexicon concept, cognate, compound head or spelling in any of
    sv/da/en (``matching.search``); ``fields`` gives each field's weight."""
    return search.rank(
        query, {key: [(parts.get(name) or "", weight) for name, weight in fields]
                for key, parts in texts.items()},
    )  # fmt: skip
