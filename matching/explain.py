"""Explanations: shared themes, the words that drive the text match, the limiting side and
a reason given as a key plus values (the app translates it)."""

import heapq

from matching.text import CONCEPT_PREFIX

N_WORDS = 5


def shared_themes(query, candidate, weights):
    """Theme codes both have, heaviest first (ties by code)."""
    shared = query.themes & candidate.themes
    return sorted(shared, key=lambda code: (-weights.theme_weight(code), code))


def driving_words(query_words, candidate_words, feature_name, limit=N_WORDS):
    """The words whose features contribute most to the word-level match of two texts.

    ``weight`` is a word's share of the summed products of shared feature weights.

    ``*_words`` are ``TextEncoder.word_weights`` results and ``feature_name`` maps a feature
    id to its name. A feature (a stem, a lexicon concept or a cognate key) is credited to
    the words that produced it on each side, so
    ``förskola`` can be shown next to ``børnehave`` and ``samarbete`` next to ``samarbejde``.
    """
    shared = [
        (query_words[f][0] * candidate_words[f][0], f)
        for f in query_words.keys() & candidate_words.keys()
    ]
    total = sum(c for c, _ in shared)
    # Only the strongest features can reach the top words; skip mapping the long tail.
    by_word = {}
    for contribution, feature in heapq.nlargest(4 * limit, shared):
        q_word = query_words[feature][1]
        c_word = candidate_words[feature][1]
        entry = by_word.setdefault(
            q_word,
            {"query": q_word, "candidate": c_word, "weight": 0.0, "best": 0.0, "concept": None},
        )
        entry["weight"] += contribution
        if contribution > entry["best"]:
            entry.update(candidate=c_word, best=contribution)
        name = feature_name(feature)
        if name.startswith(CONCEPT_PREFIX):
            entry["concept"] = name[len(CONCEPT_PREFIX) :]
    ranked = sorted(by_word.values(), key=lambda e: (-e["weight"], e["query"]))
    seen_candidate = set()
    out = []
    for entry in ranked:
        if entry["candidate"] in seen_candidate:
            continue
        seen_candidate.add(entry["candidate"])
        share = entry["weight"] / total if total > 0 else 0.0
        out.append(
            {
                "query": entry["query"],
                "candidate": entry["candidate"],
                "weight": round(float(share), 4),
                "concept": entry["concept"],
            }
        )
        if len(out) == limit:
            break
    return out


def limited_by(query_side, candidate_side, tolerance=1e-6):
    """Which one-sided score holds the match back."""
    if query_side + tolerance < candidate_side:
        return "query_side"
    if candidate_side + tolerance < query_side:
        return "candidate_side"
    return None


def reason(components, weights, themes, words, ties=()):
    """The main reason for a match as ``{"key": ..., "values": {...}}``.

    The key names the component that adds most to the score: the profile components share
    the profile's weight in proportion to what each brings, the others have their own.
    """

    def value(name):
        return components.get(name) or 0.0

    profile_total = weights.theme + weights.need_offer + weights.offer_need + weights.description
    share = weights.profile / profile_total if profile_total > 0 else 0.0
    contributions = {
        "worked_together": weights.ties * value("ties"),
        "works_with_partners": weights.ties2 * value("ties2"),
        "similar_projects": weights.history_text * value("history_text"),
        "shared_themes": share * weights.theme * value("theme"),
        "offers_what_you_need": share * weights.need_offer * value("need_offer"),
        "needs_what_you_offer": share * weights.offer_need * value("offer_need"),
        "similar_work": share * weights.description * value("description"),
        "history_themes": weights.history_theme * value("history_theme"),
        "active_partner": weights.activity * value("activity"),
        "nearby": weights.distance * value("distance"),
    }
    key = max(contributions, key=contributions.get)
    if contributions[key] <= 0:
        key = "other_side"
    values = {"themes": themes[:3], "words": [w["query"] for w in words[:3]]}
    if ties:
        values["cooperation"] = ties[0]["title"]
        values["year"] = ties[0]["year"]
        values["partner"] = ties[0]["partner"]
    return {"key": key, "values": values}
