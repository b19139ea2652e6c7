"""Nearness over the crossings, and weights that depend on what the query has."""

import numpy as np
import pytest

from matching import Cooperation, Document, Matcher, Weights
from matching.geography import Crossing, Routes, seat_km
from matching.learning import Outcome, ascend_weights, feature_tables
from matching.weights import SITUATION_WEIGHTS

TRELLEBORG = (55.3751, 13.1569)
DRAGOR = (55.5936, 12.6722)
HELSINGBORG = (56.0465, 12.6945)
HELSINGOR = (56.0361, 12.6136)
ORESUND = Crossing("Öresund link", ("SE", "DK"), ((55.565, 12.913), (55.617, 12.655)), 16)
HH = Crossing("HH", ("SE", "DK"), ((56.044, 12.692), (56.036, 12.617)), 4)


def test_between_countries_that_water_separates_the_distance_goes_over_a_crossing():
    routes = Routes([ORESUND, HH])
    lat, lon = np.array([DRAGOR[0], HELSINGOR[0]]), np.array([DRAGOR[1], HELSINGOR[1]])
    km = routes.km(TRELLEBORG, "SE", lat, lon, np.array(["DK", "DK"]))
    # Seat to seat Dragør is 39 km from Trelleborg; over the bridge it is 45.
    assert seat_km(TRELLEBORG, DRAGOR) < 40 and 44 < km[0] < 46
    # Helsingør is nearer over the bridge than by going up to the ferry.
    assert km[1] == pytest.approx(min(
        seat_km(TRELLEBORG, ORESUND.ends[0]) + 16 + seat_km(ORESUND.ends[1], HELSINGOR),
        seat_km(TRELLEBORG, HH.ends[0]) + 4 + seat_km(HH.ends[1], HELSINGOR),
    ), rel=1e-6)  # fmt: skip
    # From Helsingborg the ferry is the way: 4 km and the two ports.
    near = routes.km(HELSINGBORG, "SE", lat[1:], lon[1:], np.array(["DK"]))
    assert near[0] < 10


def test_countries_without_a_crossing_listed_are_seat_to_seat():
    routes = Routes([ORESUND])
    oslo, stromstad = (59.91, 10.75), (58.94, 11.17)
    km = routes.km(stromstad, "SE", np.array([oslo[0]]), np.array([oslo[1]]), np.array(["NO"]))
    assert km[0] == pytest.approx(seat_km(stromstad, oslo))
    with pytest.raises(ValueError, match="two countries"):
        Crossing("x", ("SE",), (TRELLEBORG,), 1)


def test_nearness_uses_the_crossings_and_the_reason_the_seats():
    docs = [
        Document("trelleborg", "SE", location=TRELLEBORG),
        Document("dragor", "DK", location=DRAGOR),
        Document("helsingor", "DK", location=HELSINGOR),
    ]
    query = Document("q", "DK", location=HELSINGOR)
    without = Matcher().fit(docs).rank(Document("q", "SE", location=TRELLEBORG))
    over = Matcher(crossings=(ORESUND, HH)).fit(docs).rank(Document("q", "SE", location=TRELLEBORG))
    by_id = {m.id: m for m in over}
    assert by_id["dragor"].components["distance"] < {m.id: m for m in without}["dragor"].components[
        "distance"
    ]
    # What the reader is told is the distance between the seats, whatever the component.
    reason = by_id["dragor"].explanation["reason"]
    assert reason["key"] == "nearby"
    assert reason["values"]["km"] == round(seat_km(TRELLEBORG, DRAGOR))
    assert Matcher().fit(docs).rank(query)[0].id == "trelleborg"


PEOPLE = [Document(code, country, location=seat) for code, country, seat in [
    ("malmo", "SE", (55.605, 13.0)), ("lund", "SE", (55.70, 13.19)),
    ("ystad", "SE", (55.43, 13.82)),
    ("kbh", "DK", (55.676, 12.568)), ("helsingor", "DK", HELSINGOR),
    ("koge", "DK", (55.457, 12.182)), ("bornholm", "DK", (55.10, 14.70)),
]]  # fmt: skip
HISTORY = [
    Cooperation("a", frozenset({"malmo", "kbh"}), year=2020),
    Cooperation("b", frozenset({"lund", "koge"}), year=2020),
    Cooperation("c", frozenset({"malmo", "lund"}), year=2020),  # one side only
]


def _situation(matcher, owners, exclude=()):
    weights = matcher.weights_
    q = matcher._encode_query(Document("q", "SE", location=(55.6, 13.0)), weights)
    from matching.features import member_features

    members = member_features(matcher.history_, q, frozenset(owners), frozenset(), 0.5)
    q.activity_scale = matcher._activity_scale(members)
    q.available = matcher._available(q, frozenset(owners), members)
    return matcher.situation(q, frozenset(owners), members, set(exclude) | set(owners))


def test_the_situation_is_what_the_query_has():
    matcher = Matcher().fit(PEOPLE, HISTORY)
    assert _situation(matcher, {"malmo"}) == "ties"
    assert _situation(matcher, {"ystad"}) == "newcomer"  # nothing on record
    assert _situation(matcher, set()) == "newcomer"
    # Every past partner across the strait left out: "new to you".
    assert _situation(matcher, {"malmo"}, exclude={"kbh"}) == "new_partners"
    assert _situation(matcher, {"malmo", "lund"}, exclude={"kbh"}) == "ties"  # Køge is still in
    # Partners only on its own side: a newcomer across the strait.
    only_own_side = Matcher().fit(PEOPLE, HISTORY[2:])
    assert _situation(only_own_side, {"malmo"}) == "newcomer"


def test_each_situation_ranks_with_its_weights():
    history_only = {"history_text": 0.0, "history_theme": 0.0, "activity": 3.0, "distance": 0.0}
    weights = Weights(situations={"newcomer": history_only})
    matcher = Matcher(weights).fit(PEOPLE, HISTORY)
    query = Document("q", "SE", location=(55.43, 13.82))  # Ystad: no cooperation
    first = matcher.rank(query, owners={"ystad"})[0]
    assert first.id in {"kbh", "koge"}  # the active ones, though Bornholm is nearest
    nearest = Matcher(Weights(activity=0.0, situations={})).fit(PEOPLE, HISTORY).rank(
        query, owners={"ystad"}
    )
    assert nearest[0].id == "bornholm"
    # The weights a match was ranked with are the ones its reason weighs.
    assert first.explanation["reason"]["key"] == "active_partner"
    assert Weights().in_situation("ties") == Weights()
    assert Weights().in_situation("newcomer").distance == SITUATION_WEIGHTS["newcomer"]["distance"]
    with pytest.raises(ValueError, match="situation"):
        Weights(situations={"sometimes": {"ties": 1.0}})


def test_coordinate_ascent_finds_the_weights_that_rank_the_answers_first():
    matcher = Matcher(Weights(situations={})).fit(PEOPLE, HISTORY)
    # Each asks from a Swedish seat; the answer is always the nearest Danish municipality.
    outcomes = [
        Outcome(Document(f"q{i}", "SE", location=seat), frozenset(), frozenset({answer}))
        for i, (seat, answer) in enumerate([
            ((56.04, 12.70), "helsingor"), ((55.43, 13.82), "bornholm"),
            ((55.40, 12.90), "kbh"), ((55.70, 13.19), "kbh"),
        ])
    ]  # fmt: skip
    start = Weights(activity=3.0, distance=0.25, situations={})
    tables = feature_tables(matcher, outcomes, start)
    learned, ndcg = ascend_weights(tables, outcomes, start)
    assert ndcg == 1.0 and learned.distance > learned.activity
    assert ascend_weights(tables, outcomes, start)[0] == learned  # deterministic
    with pytest.raises(ValueError, match="nothing to learn"):
        ascend_weights(tables, [Outcome(o.query, frozenset(), frozenset({"x"})) for o in outcomes])
