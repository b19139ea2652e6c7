import pytest

from matching import Document, Matcher, Weights


def test_explanation_gives_shared_themes_words_side_and_reason(corpus):
    query = Document(
        "q",
        "SE",
        description="Vi vill utveckla förskolan.",
        needs="Vi söker digital dokumentation av barns lärande.",
        offers="Vi erbjuder utomhuspedagogik i skogen.",
        themes={"education", "children", "culture"},
    )
    weights = Weights(
        theme_weights={
            "education": 1.0,
            "children": 2.0,
            "culture": 1.0,
            "climate": 1.0,
            "procurement": 1.0,
        }
    )
    best = Matcher(weights).fit(corpus).rank(query)[0]
    assert best.id == "dk:preschool"
    explanation = best.explanation
    assert explanation["shared_themes"] == ["children", "education"]  # heaviest first
    words = explanation["words"]
    assert 1 <= len(words) <= 5
    candidate_text = corpus[0].text.lower()
    for word in words:
        assert word["query"] in query.text.lower()
        assert word["candidate"] in candidate_text
    assert {"query": "förskolan", "candidate": "børnehaver"}.items() <= next(
        w for w in words if w["query"] == "förskolan"
    ).items()
    # A side limits the match only when it is clearly lower than the other.
    sides = best.components
    gap = sides["query_side"] - sides["candidate_side"]
    expected = None if abs(gap) <= 0.15 else ("candidate_side" if gap > 0 else "query_side")
    assert explanation["limited_by"] == expected
    # The reason names the component that contributes most to the score.
    contributions = {
        "shared_themes": weights.theme * sides["theme"],
        "offers_what_you_need": weights.need_offer * sides["need_offer"],
        "needs_what_you_offer": weights.offer_need * sides["offer_need"],
        "similar_work": weights.description * sides["description"],
    }
    assert explanation["reason"]["key"] == max(contributions, key=contributions.get)
    assert explanation["reason"]["values"]["themes"] == ["children", "education"]


def test_cognates_are_paired_in_explanations():
    query = Document("q", "SE", description="Samarbete om utveckling av arbetsmarknaden.")
    candidate = Document("c", "DK", description="Samarbejde om udvikling af arbejdsmarkedet.")
    [match] = Matcher().fit([candidate]).rank(query)
    pairs = {(w["query"], w["candidate"]) for w in match.explanation["words"]}
    assert ("arbetsmarknaden", "arbejdsmarkedet") in pairs
    # Cognates, but filler or generic: every municipal text has them, so they are no
    # evidence (the generic verbs and adjectives of cross-border texts among them).
    assert not any(w["query"] in ("samarbete", "utveckling") for w in match.explanation["words"])


@pytest.mark.parametrize(
    "query, candidate",
    [
        ("Vi vill arbete med klimatanpassning.", "Vi vil arbejde med klimatilpasning."),
        ("Kommunen vill utveckla skybrudsplaner.", "Kommunen vil udvikle skybrudsplaner."),
        ("En lokal plan för kusten.", "En lokal plan for kysten."),
        ("Ny danska kontakter om fiskehamnar.", "Nye danske kontakter om fiskerihavne."),
        ("Regional turism i skärgården.", "Regionskommune med turisme på øerne."),
    ],
)
def test_generic_words_are_no_evidence(query, candidate):
    """The words a newcomer was shown as evidence ("arbete ↔ arbejde", "danska ↔ danske",
    "lokal", "utveckla ↔ udvikle", "regional ↔ regionskommune") are never shown."""
    generic = {"arbete", "arbejde", "utveckla", "udvikle", "lokal", "ny", "nye", "danska",
               "danske", "regional", "regionskommune"}  # fmt: skip
    [match] = Matcher().fit([Document("c", "DK", description=candidate)]).rank(
        Document("q", "SE", description=query)
    )
    shown = {w for pair in match.explanation["words"] for w in (pair["query"], pair["candidate"])}
    assert not shown & generic, shown


def test_a_word_common_in_a_large_corpus_is_no_evidence():
    """Decided by document frequency, not only by the list: "solceller" is in a third of
    the texts of this corpus (too few for the encoder's max_df to drop it), "vätgas" in two."""
    docs = [Document(f"d{i}", "DK", description=f"Solceller på taget nummer {i} i byen."
                     if i % 3 == 0 else f"Vindkraft ved kysten, mølle nummer {i}.")
            for i in range(60)]  # fmt: skip
    docs.append(Document("h", "DK", description="Solceller og vätgas til bussen."))
    matcher = Matcher().fit(docs)
    query = Document("q", "SE", description="Solceller och vätgas för bussarna.")
    [best] = matcher.rank(query, k=1)
    shown = {w["query"].lower() for w in best.explanation["words"]}
    assert best.id == "h" and "vätgas" in shown and "solceller" not in shown


def test_explanations_are_remembered_by_the_weights_value_not_their_address():
    """The explanation cache was keyed by id(weights): another Weights object at a reused
    address would have been handed the first one's explanations."""
    from matching import Weights

    docs = [Document("a", "DK", description="Skybrud og klimatilpasning i byen."),
            Document("b", "DK", description="Cykelstier og pendling over Øresund.")]  # fmt: skip
    matcher = Matcher().fit(docs)
    query = Document("q", "SE", description="Skyfall och klimatanpassning.")
    first = matcher.rank(query, k=2, weights=Weights(), explain=False)
    same = matcher.explain(query, first, weights=Weights())  # equal, a new object
    assert [m.id for m in same] == [m.id for m in first] and same[0].explanation
