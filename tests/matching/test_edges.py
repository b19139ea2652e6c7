"""Clear errors and incremental updates."""

import pytest

from matching import Document, Matcher, NotFittedError, Weights


@pytest.mark.parametrize("bad", ["Norway", "no", "", None, 47])
def test_bad_country_is_a_value_error(bad):
    with pytest.raises(ValueError, match="country"):
        Document("x", bad)


def test_any_country_code_is_a_country_and_candidates_come_from_the_others():
    from matching import Matcher

    docs = [
        Document("se", "SE", description="cykel"),
        Document("dk", "DK", description="cykel"),
        Document("no", "NO", description="sykkel"),
        Document("no2", "NO", description="sykkel"),
    ]
    ranked = {m.id for m in Matcher().fit(docs).rank(Document("q", "NO", description="sykkel"))}
    assert ranked == {"se", "dk"}


@pytest.mark.parametrize(
    "bad",
    [
        {"theme": -1},
        {"need_offer": float("nan")},
        {"reciprocity": 2},
        {"theme_weights": {"a": -0.5}},
    ],
)
def test_negative_or_invalid_weights_are_value_errors(bad):
    with pytest.raises(ValueError):
        Weights(**bad)


def test_unknown_theme_codes_are_value_errors():
    weights = Weights(theme_weights={"culture": 1.0})
    with pytest.raises(ValueError, match="unknown theme"):
        Matcher(weights).fit([Document("a", "SE", themes={"kultur"})])
    matcher = Matcher(weights).fit([Document("a", "SE", themes={"culture"})])
    with pytest.raises(ValueError, match="unknown theme"):
        matcher.rank(Document("q", "DK", themes={"bogus"}))


def test_other_bad_input():
    with pytest.raises(ValueError, match="activity"):
        Document("x", "SE", activity=-1)
    with pytest.raises(ValueError, match="duplicate"):
        Matcher().fit([Document("a", "SE"), Document("a", "DK")])
    with pytest.raises(ValueError, match="k must be"):
        Matcher().fit([]).rank(Document("q", "SE"), k=-1)
    with pytest.raises(ValueError):
        Matcher(char_ngrams=(5, 3)).fit([])
    with pytest.raises(NotFittedError):
        Matcher().rank(Document("q", "SE"))


def test_update_adds_and_changes_without_refit(corpus):
    matcher = Matcher().fit(corpus)
    query = Document("q", "SE", needs="Vi söker klimakrav och markedsdialog.")
    before = matcher.encoder_
    matcher.update(
        Document(
            "dk:new", "DK", offers="Vi tilbyder klimakrav og markedsdialog.", themes={"procurement"}
        )
    )
    assert matcher.encoder_ is before  # no refit
    # The new document offers exactly what the query looks for: it goes to the top at once.
    first = matcher.rank(query)[0]
    assert first.id == "dk:new" and first.components["need_offer"] > 0.9
    # Changing a document replaces it: its old text no longer matches.
    scores = {m.id: m.score for m in matcher.rank(query)}
    matcher.update(Document("dk:new", "DK", description="Idræt og museer."))
    changed = {m.id: m for m in matcher.rank(query)}
    assert changed["dk:new"].score < scores["dk:new"] / 2
    assert changed["dk:new"].components["need_offer"] is None
    matcher.remove("dk:new")
    assert "dk:new" not in [m.id for m in matcher.rank(query, k=10)]
    assert matcher.n_documents_ == len(corpus)


def test_many_changes_at_once_rank_as_the_same_changes_one_by_one(corpus):
    query = Document("q", "DK", description="Vi søger erfaring med skybrud og regnvand.")
    updated = [Document("se:new", "SE", offers="Vi erbjuder skyfallsplaner och regnbäddar."),
               Document("se:lomma", "SE", description="Lomma arbetar med skyfall och dagvatten.")]
    one_by_one, at_once = Matcher().fit(corpus), Matcher().fit(corpus)
    for doc in updated:
        one_by_one.update(doc)
    one_by_one.remove("se:helsingborg")
    at_once.change(updated=updated, removed=["se:helsingborg"])
    ranked = [(m.id, m.score) for m in one_by_one.rank(query, k=20)]
    assert [(m.id, m.score) for m in at_once.rank(query, k=20)] == ranked
    assert {m_id for m_id, _ in ranked} == {"se:new", "se:lomma"}
    assert at_once.n_documents_ == one_by_one.n_documents_ == len(corpus)
    with pytest.raises(ValueError):  # a bad document refuses the batch, and changes nothing
        at_once.change(updated=[Document("se:later", "SE", description="x"), "not a document"])
    assert "se:later" not in [m.id for m in at_once.rank(query, k=20)]
    at_once.change(updated=[Document("se:both", "SE", description="Skyfall.")],
                   removed=["se:both"])  # fmt: skip
    assert "se:both" in [m.id for m in at_once.rank(query, k=20)]  # removed, then updated


def test_compaction_keeps_rankings(corpus):
    matcher = Matcher(compact_every=1000).fit(corpus[:3])
    for doc in corpus[3:]:
        matcher.update(doc)
    query = Document("q", "DK", description="Vi søger erfaring med skybrud og regnvand.")
    before = [(m.id, m.score) for m in matcher.rank(query)]
    matcher.compact()
    assert [(m.id, m.score) for m in matcher.rank(query)] == before


def test_a_saved_matcher_ranks_as_the_one_it_was(corpus, tmp_path):
    import joblib

    matcher = Matcher().fit(corpus[:-1])
    matcher.update(corpus[-1])
    query = Document("q", "DK", description="Vi søger erfaring med skybrud og regnvand.")
    before = [(m.id, m.score, m.explanation["words"]) for m in matcher.rank(query)]
    path = tmp_path / "matcher.joblib"
    joblib.dump(matcher, path)
    loaded = joblib.load(path, mmap_mode="c")
    assert [(m.id, m.score, m.explanation["words"]) for m in loaded.rank(query)] == before
    loaded.remove(before[0][0])  # a memory-mapped snapshot still takes updates
    assert before[0][0] not in [m.id for m in loaded.rank(query)]


def test_explanations_on_demand_equal_the_eager_ones(corpus):
    matcher = Matcher().fit(corpus)
    query = Document("q", "DK", description="Vi søger erfaring med skybrud og regnvand.")
    eager = matcher.rank(query, k=5)
    lazy = matcher.rank(query, k=5, explain=False)
    assert [m.id for m in lazy] == [m.id for m in eager]
    assert all(m.explanation is None for m in lazy)
    assert len(lazy) >= 2
    # A page may show some of them, in its own order.
    assert matcher.explain(query, lazy[::-1]) == eager[::-1]
    assert eager[0].explanation["words"], "the evidence is there to compare"
    matcher.clear_caches()  # nothing remembered: explain ranks again
    assert matcher.explain(query, [lazy[1]]) == [eager[1]]
