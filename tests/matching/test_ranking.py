"""Ranking behaviour a caller would notice."""

from matching import Document, Matcher, Weights


def test_swedish_need_finds_the_danish_offer_that_says_the_same(corpus):
    query = Document(
        "q",
        "SE",
        needs="Vi söker erfarenhet av skyfall och översvämningar.",
        offers="Vi erbjuder gröna tak.",
    )
    [best, *_] = Matcher().fit(corpus).rank(query)
    assert best.id == "dk:stormwater"


def test_non_cognates_meet_through_the_lexicon(corpus):
    # förskola ~ børnehave, upphandling ~ udbud: no shared letters to speak of.
    matcher = Matcher().fit(corpus)
    assert matcher.rank(Document("q1", "SE", description="Förskola"))[0].id == "dk:preschool"
    assert matcher.rank(Document("q2", "SE", description="Upphandling"))[0].id == "dk:procurement"
    without = Matcher(use_lexicon=False).fit(corpus)
    assert (
        without.rank(Document("q3", "SE", description="Upphandling"))[0].score
        < matcher.rank(Document("q3", "SE", description="Upphandling"))[0].score
    )


def test_only_the_other_country_never_self_never_excluded(corpus):
    matcher = Matcher().fit(corpus)
    query = corpus[0]  # a Danish document that is itself in the corpus
    ids = [m.id for m in matcher.rank(query, k=10)]
    assert set(ids) == {"se:lomma", "se:helsingborg"}
    assert [m.id for m in matcher.rank(query, exclude={"se:lomma"})] == ["se:helsingborg"]


def test_scores_are_sorted_and_in_unit_range(corpus):
    matches = Matcher().fit(corpus).rank(corpus[3], k=3)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)
    for m in matches:
        assert all(v is None or 0 <= v <= 1 for v in m.components.values())


def test_reciprocity_demotes_a_one_sided_match():
    query = Document(
        "q",
        "SE",
        needs="Vi söker erfarenhet av skyfall.",
        offers="Vi erbjuder gröna tak och regnbäddar.",
    )
    mutual = Document(
        "mutual",
        "DK",
        needs="Vi søger grønne tage og regnbede.",
        offers="Vi tilbyder erfaring med skybrud.",
    )
    one_sided = Document(
        "one_sided",
        "DK",
        needs="Vi søger viden om affald og genbrug.",
        offers="Vi tilbyder erfaring med skybrud.",
    )
    reciprocal = Matcher().fit([mutual, one_sided]).rank(query)
    assert [m.id for m in reciprocal] == ["mutual", "one_sided"]
    assert reciprocal[1].explanation["limited_by"] == "candidate_side"
    one_way = Matcher(Weights(reciprocity=0.0)).fit([mutual, one_sided]).rank(query)
    gap = {m.id: m.score for m in one_way}
    assert abs(gap["mutual"] - gap["one_sided"]) < reciprocal[0].score - reciprocal[1].score


def test_theme_weights_move_rankings():
    query = Document("q", "SE", themes={"culture", "tourism"})
    culture = Document("culture", "DK", themes={"culture"})
    tourism = Document("tourism", "DK", themes={"tourism"})
    taxonomy = {"culture": 1.0, "tourism": 1.0}
    heavy_culture = Weights(theme_weights={**taxonomy, "culture": 3.0})
    heavy_tourism = Weights(theme_weights={**taxonomy, "tourism": 3.0})
    assert Matcher(heavy_culture).fit([culture, tourism]).rank(query)[0].id == "culture"
    assert Matcher(heavy_tourism).fit([culture, tourism]).rank(query)[0].id == "tourism"
    # The same fitted matcher ranks with other weights without refitting.
    fitted = Matcher(heavy_culture).fit([culture, tourism])
    assert fitted.rank(query, weights=heavy_tourism)[0].id == "tourism"


def test_document_without_text_ranks_by_themes_and_prior():
    query = Document("q", "SE", themes={"culture"})
    docs = [
        Document("culture_idle", "DK", themes={"culture"}),
        Document("culture_busy", "DK", themes={"culture"}, activity=5),
        Document("other", "DK", themes={"tourism"}, activity=9),
    ]
    assert [m.id for m in Matcher().fit(docs).rank(query)] == [
        "culture_busy",
        "culture_idle",
        "other",
    ]


def test_empty_or_one_country_corpus_gives_nothing():
    query = Document("q", "SE", description="skola")
    assert Matcher().fit([]).rank(query) == []
    assert Matcher().fit([Document("a", "SE", description="skola")]).rank(query) == []


def test_k_limits_and_zero(corpus):
    matcher = Matcher().fit(corpus)
    assert len(matcher.rank(corpus[3], k=2)) == 2
    assert matcher.rank(corpus[3], k=0) == []


def test_exposure_cap_spreads_candidates():
    popular = Document("popular", "DK", description="skola", themes={"a"}, activity=10)
    docs = [popular] + [
        Document(f"dk{i}", "DK", description="skola", themes={"a"}) for i in range(6)
    ]
    queries = [Document(f"q{i}", "SE", description="skola", themes={"a"}) for i in range(6)]
    matcher = Matcher().fit(docs)
    free = matcher.rank_many(queries, k=1, exposure_cap=0)
    capped = matcher.rank_many(queries, k=1, exposure_cap=0.3)
    assert [m[0].id for m in free].count("popular") == 6
    assert [m[0].id for m in capped].count("popular") <= 2
    assert all(len(lst) == 1 for lst in capped)


def test_a_matcher_clones_as_scikit_learn_estimators_do():
    import pytest
    from sklearn.base import clone

    from matching import Matcher, Weights

    matcher = Matcher(Weights(), char_weight=0.6, shortlist_size=100)
    copy = clone(matcher)
    assert copy is not matcher and copy.get_params() == matcher.get_params()
    assert copy.set_params(char_weight=0.5).char_weight == 0.5
    assert matcher.char_weight == 0.6
    with pytest.raises(ValueError, match="no parameter"):
        matcher.set_params(colour="blue")
