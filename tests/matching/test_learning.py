"""Learning how the components combine (``matching.learning``), on feature tables."""

import numpy as np

from matching import Document
from matching.learning import Outcome, cross_validate, fit_weights, fold_assignment
from matching.weights import SCORE_FIELDS

TIES = SCORE_FIELDS.index("ties")


class Salted(str):
    """An id whose hash depends on a salt, as a str's does on PYTHONHASHSEED: sets of them
    iterate in another order for every salt, in one process."""

    salt = 0

    def __hash__(self):
        return hash((Salted.salt, str(self)))

    def __eq__(self, other):
        return str(self) == str(other)


def _tables(n_outcomes=12, candidates=300, positives=3, seed=0, make_id=str):
    """Outcomes whose partners stand out by ties; every other component is noise."""
    rng = np.random.default_rng(seed)
    outcomes, tables = [], []
    for i in range(n_outcomes):
        ids = [make_id(f"m{j}") for j in range(candidates)]
        X = rng.random((candidates, len(SCORE_FIELDS))) * 0.5
        chosen = rng.choice(candidates, positives, replace=False)
        X[chosen, TIES] += 0.6
        query = Document(f"q{i}", "SE", description="x")
        outcomes.append(Outcome(query, frozenset(), frozenset(ids[j] for j in chosen), group=i))
        tables.append((ids, X))
    return tables, outcomes


def test_the_component_that_tells_partners_apart_gets_the_largest_weight():
    tables, outcomes = _tables()
    weights, coefficients, n_pairs = fit_weights(tables, outcomes)
    assert weights.ties == 3.0  # the largest goes to the top of its range
    others = [getattr(weights, name) for name in SCORE_FIELDS if name != "ties"]
    assert max(others) < 1.0
    assert n_pairs > 0 and coefficients["ties"] > 0
    cv = cross_validate(
        outcomes, lambda held: tables, lambda t, o, base: fit_weights(t, o, base)[0], folds=4
    )
    learned = np.mean([c["ndcg"] for c in cv["learned"]])
    base = np.mean([c["ndcg"] for c in cv["base"]])
    assert learned > base


def test_folds_keep_groups_together_and_one_group_a_fold_is_leave_one_out():
    groups = ["a", "a", "b", "b", "c", "d"]
    fold_of = fold_assignment(groups, folds=2)
    assert set(fold_of) == {"a", "b", "c", "d"} and set(fold_of.values()) == {0, 1}
    assert sorted(fold_assignment(groups, folds=4).values()) == [0, 1, 2, 3]


def test_learned_weights_do_not_depend_on_the_hash_order_of_a_process():
    """Positives were iterated from a frozenset: the weights changed with the hash order.
    Salted ids reorder every set in this process, as another PYTHONHASHSEED would."""
    results = set()
    for salt in (1, 2, 3):
        Salted.salt = salt
        tables, outcomes = _tables(n_outcomes=6, make_id=Salted)
        results.add(str(fit_weights(tables, outcomes)[0]))
    Salted.salt = 0
    assert len(results) == 1


def test_the_history_s_queries_name_no_municipality_when_names_are_given():
    """"Learn from outcomes" used cooperation texts that named the partners as queries; the
    benchmark masks them; so does the learner now."""
    from matching import Cooperation, Document, Matcher
    from matching.learning import history_outcomes

    docs = [Document("m", "SE", description="Malmö"), Document("k", "DK", description="Kbh")]
    coop = Cooperation("c", frozenset({"m", "k"}), text="MalmöKøbenhavn: Malmös och "
                       "Københavns skybrudsplan tillsammans.")  # fmt: skip
    matcher = Matcher().fit(docs, [coop])
    texts = [o.query.description for o in history_outcomes(matcher, names=("Malmö", "København"))]
    assert texts and all("Malm" not in t and "København" not in t for t in texts)
    assert all("skybrudsplan" in t for t in texts)


def test_each_fold_of_learn_from_outcomes_is_refitted_without_its_cooperations():
    from matching import Cooperation, Document, Matcher, learn_weights
    from matching.learning import refitted_without

    docs = [Document(code, country, location=seat) for code, country, seat in [
        ("malmo", "SE", (55.6, 13.0)), ("lund", "SE", (55.7, 13.2)),
        ("kbh", "DK", (55.68, 12.57)), ("koge", "DK", (55.46, 12.18)),
    ]]  # fmt: skip
    history = [
        Cooperation("a", frozenset({"malmo", "kbh"}), text="skybrud regnvand klimatilpasning"),
        Cooperation("b", frozenset({"lund", "koge"}), text="cykelstier pendling cykel"),
    ]
    matcher = Matcher().fit(docs, history)
    refitted = refitted_without(matcher, {"a"})
    assert [c.id for c in refitted.history_.cooperations] == ["b"]
    assert refitted.get_params() == matcher.get_params()
    # The held cooperation's words are not in the refitted vocabulary.
    assert not len(refitted.encoder_.text_features("skybrud", "da")[0])
    assert len(matcher.encoder_.text_features("skybrud", "da")[0])
    assert sorted(d.id for d in refitted.documents()) == sorted(d.id for d in docs)
    learned = learn_weights(matcher, folds=2)
    assert learned.cv["refit"] is True
