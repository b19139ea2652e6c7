"""Learning how the score components combine, from outcomes (pairwise logistic regression).

An outcome is a query with the candidates that turned out to be partners (positives) and
those that were turned down (explicit negatives); every other candidate is an implicit
negative. Each (positive, negative) pair gives the difference of their component vectors;
a logistic regression without intercept on those differences (scikit-learn) learns one
weight per component, so that positives outscore negatives. Features are standardised for
the fit; weights are kept >= 0 and scaled so that the largest is at the top of its range
(the score is a weighted mean: only the ratios count).

``history_outcomes`` turns a fitted matcher's history into outcomes: each cooperation with
members in two countries or more, seen from each country, with that cooperation left out
of the history.
"""

from dataclasses import dataclass, field

import numpy as np
from sklearn.linear_model import LogisticRegression

from matching.documents import Document
from matching.evaluation import score_ranking
from matching.text import mask_names
from matching.weights import PARAMETER, SCORE_FIELDS, Weights

EXPLICIT_NEGATIVE_WEIGHT = 3.0  # a dismissal says more than "not chosen"
MAX_PAIRS_PER_OUTCOME = 400


@dataclass(frozen=True)
class Outcome:
    """What happened to one query: who became a partner, who was turned down.

    ``group`` ties outcomes that must stay in the same cross-validation fold (both sides of
    one cooperation).
    """

    query: Document
    owners: frozenset
    positives: frozenset
    negatives: frozenset = frozenset()
    exclude_history: frozenset = frozenset()
    group: object = None
    origin: str = "history"
    exclude: frozenset = frozenset()  # candidates left out (e.g. past partners)


@dataclass
class LearnedWeights:
    weights: Weights
    coefficients: dict
    n_outcomes: int
    n_pairs: int
    cv: dict = field(default_factory=dict)


def history_outcomes(matcher, names=()):
    """Leave-one-out outcomes from the fitted matcher's cross-strait cooperations; their
    texts stand for queries, so the ``names`` of municipalities are masked out of them
    (a project asking for partners does not know their names)."""
    countries = {}
    locations = {}
    for doc in matcher.documents():
        countries[doc.id] = doc.country
        locations[doc.id] = doc.location
    out = []
    for coop in matcher.history_.cooperations:
        sides = {}
        for m in sorted(coop.members, key=str):
            if m in countries:
                sides.setdefault(countries[m], []).append(m)
        if len(sides) < 2:
            continue
        for side, owners in sorted(sides.items()):
            others = [m for country, ms in sides.items() if country != side for m in ms]
            seats = [locations[o] for o in owners if locations.get(o)]
            location = None
            if seats:
                location = (
                    sum(s[0] for s in seats) / len(seats),
                    sum(s[1] for s in seats) / len(seats),
                )
            query = Document(
                ("outcome", coop.id, side),
                side,
                description=mask_names(coop.text, names),
                themes=coop.themes,
                location=location,
            )
            out.append(
                Outcome(
                    query,
                    frozenset(owners),
                    frozenset(others),
                    exclude_history=frozenset([coop.id]),
                    group=coop.id,
                )
            )
    return out


def feature_tables(matcher, outcomes, weights=None):
    """Per outcome: (candidate ids, matrix of SCORE_FIELDS values with NaN as 0)."""
    tables = []
    for outcome in outcomes:
        ids, values = matcher.features(
            outcome.query,
            owners=outcome.owners,
            exclude=outcome.exclude,
            weights=weights,
            exclude_history=outcome.exclude_history,
        )
        X = np.column_stack([np.nan_to_num(values[n], nan=0.0) for n in SCORE_FIELDS])
        tables.append((ids, X))
    return tables


def _pairs(outcome, ids, X, rng):
    index = {doc_id: i for i, doc_id in enumerate(ids)}
    pos = sorted(index[p] for p in outcome.positives if p in index)  # not in hash order
    if not pos:
        return None
    explicit = {index[n] for n in outcome.negatives if n in index}
    neg = [i for i in range(len(ids)) if i not in set(pos)]
    diffs, weights = [], []
    for p in pos:
        chosen = neg
        if len(neg) > MAX_PAIRS_PER_OUTCOME // len(pos):
            chosen = rng.choice(neg, MAX_PAIRS_PER_OUTCOME // len(pos), replace=False)
            chosen = sorted(set(chosen) | explicit)
        for n in chosen:
            diffs.append(X[p] - X[n])
            weights.append(EXPLICIT_NEGATIVE_WEIGHT if n in explicit else 1.0)
    return np.array(diffs), np.array(weights)


def fit_weights(tables, outcomes, base=None, C=1.0, seed=0):
    """Learned component weights from feature tables (see ``learn_weights``)."""
    base = base or Weights()
    rng = np.random.default_rng(seed)
    Xs, ws = [], []
    for outcome, (ids, X) in zip(outcomes, tables, strict=True):
        pairs = _pairs(outcome, ids, X, rng)
        if pairs is not None:
            Xs.append(pairs[0])
            ws.append(pairs[1])
    if not Xs:
        raise ValueError("no outcome has a positive among the candidates: nothing to learn")
    X = np.vstack(Xs)
    w = np.concatenate(ws)
    # Components differ in scale (a text cosine rarely passes 0.3, ties reach 1): fit on
    # standardised differences so that regularisation treats them alike, then scale back.
    scale = np.vstack([t[1] for t in tables]).std(axis=0)
    scale[scale == 0] = 1.0
    # Each difference once as it is (label 1) and once negated (label 0): a symmetric fit.
    model = LogisticRegression(fit_intercept=False, C=C, max_iter=2000)
    Z = X / scale
    model.fit(np.vstack([Z, -Z]), np.r_[np.ones(len(Z)), np.zeros(len(Z))], np.r_[w, w])
    coef = np.maximum(model.coef_.ravel() / scale, 0.0)
    if coef.sum() <= 0:
        return base, dict(zip(SCORE_FIELDS, coef.tolist(), strict=True)), len(X)
    # The score is a weighted mean: only the ratios matter. The largest weight goes to the
    # top of its range, so that no ratio is cut by a bound.
    high = min(PARAMETER[name].high for name in SCORE_FIELDS)
    scaled = coef / coef.max() * high
    learned = {
        name: round(float(value), 3) for name, value in zip(SCORE_FIELDS, scaled, strict=True)
    }
    return base.replace(**learned), dict(zip(SCORE_FIELDS, coef.tolist(), strict=True)), len(X)


ASCENT_GRID = (0.0, 0.25, 0.5, 1.0, 2.0, 3.0)


def ascend_weights(tables, outcomes, base=None, k=10, rounds=4, grid=ASCENT_GRID):
    """Component weights that maximise the mean nDCG@k of ``outcomes`` directly, by
    coordinate ascent (Metzler and Croft 2007): each component in turn takes the value of
    ``grid`` that ranks best, until a round changes nothing. Deterministic (fixed order,
    ties keep the current value). Used for the weights of each situation
    (``matching.weights.SITUATION_WEIGHTS``), where what counts is the top of the list and
    the pairwise fit (``fit_weights``) favours what separates the many clear negatives."""
    base = base or Weights()
    scored = [(ids, X, o.positives) for (ids, X), o in zip(tables, outcomes, strict=True)
              if set(o.positives) & set(ids)]  # fmt: skip
    if not scored:
        raise ValueError("no outcome has a positive among the candidates: nothing to learn")

    def mean_ndcg(values):
        w = base.replace(**dict(zip(SCORE_FIELDS, values, strict=True)))
        return float(np.mean([score_ranking(rank_table(ids, X, w, k), pos, k)["ndcg"]
                              for ids, X, pos in scored]))  # fmt: skip

    current = [float(getattr(base, name)) for name in SCORE_FIELDS]
    best = mean_ndcg(current)
    for _ in range(rounds):
        changed = False
        for j in range(len(current)):
            for value in grid:
                trial = current[:j] + [value] + current[j + 1:]
                if value == current[j] or not any(trial):
                    continue
                score = mean_ndcg(trial)
                if score > best + 1e-9:
                    best, current, changed = score, trial, True
        if not changed:
            break
    return base.replace(**dict(zip(SCORE_FIELDS, current, strict=True))), best


def rank_table(ids, X, weights, k=10):
    """The ids of one feature table ranked by ``weights`` (ties by id)."""
    w = np.array([getattr(weights, name) for name in SCORE_FIELDS])
    scores = X @ w
    order = sorted(range(len(ids)), key=lambda i: (-scores[i], str(ids[i])))
    return [ids[i] for i in order[:k]]


def _groups(outcomes):
    return [o.group if o.group is not None else ("outcome", i) for i, o in enumerate(outcomes)]


def fold_assignment(groups, folds=5, seed=0):
    """{group: fold}: groups dealt in a seeded random order to at most ``folds`` folds."""
    unique = sorted(set(groups), key=str)
    order = list(np.random.default_rng(seed).permutation(len(unique)))
    return {unique[g]: i % max(1, min(folds, len(unique))) for i, g in enumerate(order)}


def cross_validate(outcomes, tables_for, learn, base=None, folds=5, seed=0, k=10):
    """The one cross-validation (the admin's "Learn from outcomes" and the benchmark).

    Outcomes of one ``group`` stay in one fold; ``folds=None`` is leave one group out. For
    each fold, ``tables_for(held)`` gives the feature tables of every outcome as a matcher
    that has not seen the held groups computes them (refitted without them, or the reason
    it cannot be is the caller's to say); ``learn(tables, outcomes, base)`` learns weights
    on the other folds' outcomes, and the fold's outcomes are ranked with them.

    Returns per-case lists (``learned``, ``base``) in the order of ``outcomes`` (cases
    without a positive candidate are left out: None), and the weights of each fold.
    """
    base = base or Weights()
    groups = _groups(outcomes)
    fold_of = (
        {g: i for i, g in enumerate(sorted(set(groups), key=str))}
        if folds is None
        else fold_assignment(groups, folds, seed)
    )
    learned = [None] * len(outcomes)
    baseline = [None] * len(outcomes)
    weights_of = {}
    for fold in sorted(set(fold_of.values())):
        held = frozenset(g for g in set(groups) if fold_of[g] == fold)
        tables = tables_for(held)
        train = [i for i, g in enumerate(groups) if g not in held]
        test = [i for i, g in enumerate(groups) if g in held]
        try:
            weights = learn([tables[i] for i in train], [outcomes[i] for i in train], base)
        except ValueError:  # no positive among the training candidates
            weights = base
        weights_of[fold] = weights
        for i in test:
            ids, X = tables[i]
            if not set(outcomes[i].positives) & set(ids):
                continue
            relevant = outcomes[i].positives
            learned[i] = score_ranking(rank_table(ids, X, weights, k), relevant, k)
            baseline[i] = score_ranking(rank_table(ids, X, base, k), relevant, k)
    return {"learned": learned, "base": baseline, "weights": weights_of}


REFIT_LIMIT = 5000  # documents: above it, refitting once per fold takes minutes


def refitted_without(matcher, cooperation_ids):
    """A matcher like ``matcher`` (same parameters and weights) fitted on its documents and
    its history without ``cooperation_ids``: what a fold of cross-validation must not see
    (their words shape the vocabulary and IDF, their members the ties)."""
    return type(matcher)(**matcher.get_params()).fit(
        matcher.documents(),
        [c for c in matcher.history_.cooperations if c.id not in cooperation_ids],
    )


def learn_weights(matcher, outcomes=(), include_history=True, base=None, C=1.0, folds=5,
                  names=()):  # fmt: skip
    """Learn the component weights of a fitted matcher from outcomes, cross-validated.

    Parameters
    ----------
    matcher : fitted Matcher
    outcomes : iterable of Outcome
        Platform outcomes (accepted contacts as positives, dismissals as negatives).
    include_history : bool, default True
        Add the history's cooperations as outcomes (each left out of its own features).
    base : Weights or None
        The weights whose profile settings are kept and whose total the result has.
    C : float, default 1.0
        Inverse regularisation strength of the logistic regression.
    folds : int, default 5
        Cross-validation folds (grouped: both sides of a cooperation stay together).
    names : iterable of str
        Names of municipalities, masked out of the history's texts where they stand for
        queries (as the quality benchmark masks them).

    Returns
    -------
    LearnedWeights
        ``weights`` fitted on all outcomes; ``cv`` holds the mean held-out nDCG@10 of the
        learned and of the base weights, the number of cases and ``refit``: whether each
        fold's matcher was refitted without the fold's cooperations (up to
        ``REFIT_LIMIT`` documents; above it, each case's own cooperation is left out of its
        features only, and its words stay in the vocabulary).
    """
    base = base or matcher.weights_
    cases = list(outcomes)
    if include_history:
        cases.extend(history_outcomes(matcher, names))
    if not cases:
        raise ValueError("no outcomes to learn from")
    tables = feature_tables(matcher, cases, base)
    weights, coef, n_pairs = fit_weights(tables, cases, base, C)
    history_ids = {c.id for c in matcher.history_.cooperations}
    refit = matcher.n_documents_ <= REFIT_LIMIT

    def tables_for(held):
        # A held cooperation is refitted away (its words and ties unseen); above
        # REFIT_LIMIT documents the fitted matcher is used, each case's own cooperation
        # left out of its features (exclude_history) but still in the vocabulary.
        held_cooperations = history_ids & set(held)
        if not refit or not held_cooperations:
            return tables
        return feature_tables(refitted_without(matcher, held_cooperations), cases, base)

    def pairwise(train_tables, train, start):
        return fit_weights(train_tables, train, start, C)[0]

    cv = cross_validate(cases, tables_for, pairwise, base, folds)
    scored = [(a, b) for a, b in zip(cv["learned"], cv["base"], strict=True) if a is not None]
    summary = {"cases": len(scored), "refit": refit}
    if scored:
        summary["ndcg10_learned"] = float(np.mean([a["ndcg"] for a, _ in scored]))
        summary["ndcg10_base"] = float(np.mean([b["ndcg"] for _, b in scored]))
    return LearnedWeights(weights, coef, len(cases), n_pairs, summary)
