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
    assert ("utveckling", "udvikling") in pairs
    assert ("arbetsmarknaden", "arbejdsmarkedet") in pairs
    # Cognates, but filler: every municipal text has them, so they are no evidence.
    assert not any(w["query"] == "samarbete" for w in match.explanation["words"])
