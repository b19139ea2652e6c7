"""Explanations: shared themes, the words that drive the text match, the limiting side and
a reason given as a key plus values (the app translates it)."""

from functools import lru_cache

import numpy as np

from matching.text import CONCEPT_PREFIX, fold, stop_words, trigram_dice

N_WORDS = 5


def shared_themes(query, candidate, weights):
    """Theme codes both have, heaviest first (ties by code)."""
    shared = query.themes & candidate.themes
    return sorted(shared, key=lambda code: (-weights.theme_weight(code), code))


# Words every municipal text has, and the generic verbs and adjectives of cross-border
# texts: they never count as evidence (tested). Folded forms (a for å/ä/æ, o for ö/ø).
# In a corpus large enough to count (GENERIC_MIN_TEXTS), a word in more than GENERIC_SHARE
# of its texts is no evidence either (``TextEncoder.generic_word_features``).
FILLER_WORDS = frozenset(
    """kommun kommune kommunen kommunens kommuner kommunerna kommunerne kommunernes region
    regionen regioner regionerne regionens regional regionala regionale regionalt
    regionskommune regionskommunen regionkommune projekt projektet projekter projektets
    projekterne samarbete samarbetet samarbeta samarbejde samarbejdet samarbejder samarbejde
    oresund oresunds oresundsregionen oresundsregion interreg partner partnere partners
    partnern stad staden by byen land landet sida siden side samt aven ogsa ocksa bland inom
    dels blandt andet annat vilka hvilke
    arbete arbetet arbeta arbetar arbejde arbejdet arbejder arbejd work working
    utveckla utvecklar utvecklat utveckling utvecklingen udvikle udvikler udviklet udvikling
    udviklingen develop development
    lokal lokala lokale lokalt local ny nya nytt nye nyt new
    dansk danska danske danskt svensk svenska svenske svenskt norsk norska norske norskt
    danish swedish norwegian gransoverskridande graenseoverskridende cross border
    gemensam gemensamma gemensamt falles joint starka starker styrke strengthen
    erfarenhet erfarenheter erfaring erfaringer experience experiences kunskap viden
    knowledge mojlighet mojligheter mulighed muligheder opportunity opportunities""".split()
)
PAIR_SIMILARITY = 0.6  # char-level evidence needs words this alike (Dice of trigrams)
# "Has worked on a similar project" only when the text similarity is real: the history text
# component at least SIMILAR_MIN (a bar of 25/100 on the card), and at least MASS_SIMILAR_MIN
# when the past cooperation is a mass network (more than MASS_NETWORK members), where being
# one member of twenty says little about the candidate itself.
SIMILAR_MIN = 0.25
MASS_NETWORK = 10
MASS_SIMILAR_MIN = 0.5


def real_similarity(history_text, similar):
    """The similar past cooperations worth naming: none below the documented minimum."""
    if not similar or not history_text or history_text < SIMILAR_MIN:
        return []
    return [
        s for s in similar
        if s.get("members", 0) <= MASS_NETWORK or history_text >= MASS_SIMILAR_MIN
    ]  # fmt: skip


@lru_cache(maxsize=65536)
def is_filler(word):
    """A word that is no evidence: a stop word or domain filler (kommun, projekt …)."""
    folded = fold(word)
    return folded in FILLER_WORDS or folded in stop_words() or len(folded) < 3


@lru_cache(maxsize=262144)
def _alike(a, b):
    """Whether two words as written are alike letter by letter (cached: a page compares
    the same words for every candidate it explains)."""
    return trigram_dice(fold(a), fold(b)) >= PAIR_SIMILARITY


def _shared(query, candidate, scale, with_features=False):
    """(query word, candidate word) → summed credit of the features both texts have, and
    the shared feature ids behind each pair."""
    common, qi, ci = np.intersect1d(
        query.ids, candidate.ids, assume_unique=True, return_indices=True
    )
    if not len(common):
        return {}, {}
    credit = scale * query.weights[qi] * candidate.weights[ci]
    width = max(len(candidate.surfaces), 1)
    keys = query.surface_of[qi] * width + candidate.surface_of[ci]
    unique, inverse = np.unique(keys, return_inverse=True)
    sums = np.bincount(inverse, weights=credit)
    pairs = {
        (query.surfaces[k // width], candidate.surfaces[k % width]): float(total)
        for k, total in zip(unique.tolist(), sums.tolist(), strict=True)
    }
    features = {}
    if not with_features:
        return pairs, features
    for key_index, fid in zip(inverse.tolist(), common.tolist(), strict=True):
        k = int(unique[key_index])
        features.setdefault((query.surfaces[k // width], candidate.surfaces[k % width]),
                            []).append(fid)  # fmt: skip
    return pairs, features


def text_evidence(query_words, cand_words, query_chars, cand_chars, char_weight, feature_name,
                  generic=frozenset()):  # fmt: skip
    """{(query word, candidate word): [credit, word-level?, concept]} of one pair of texts.

    Word features (stems, lexicon concepts, cognate keys) credit the words that made them on
    each side; so do char n-grams, which carry most of the cosine. A pair backed only by
    char n-grams must be of alike words (no tid ↔ tidlige); filler is never evidence, and
    neither is a pair whose every word feature is in ``generic`` (feature ids too common in
    the corpus to tell texts apart). Arguments are ``matching.encoder.Features``.
    """
    pairs, common = {}, set()
    word_pairs, word_features = _shared(query_words, cand_words, 1 - char_weight, True)
    for pair, credit in word_pairs.items():
        if generic and all(fid in generic for fid in word_features[pair]):
            common.add(pair)
            continue
        concept = None
        for fid in word_features[pair]:
            name = feature_name(fid)
            if name.startswith(CONCEPT_PREFIX):
                concept = name[len(CONCEPT_PREFIX) :]
        pairs[pair] = [credit, True, concept]
    char_pairs, _ = _shared(query_chars, cand_chars, char_weight)
    for pair, credit in char_pairs.items():
        entry = pairs.setdefault(pair, [0.0, False, None])
        entry[0] += credit
    return {
        pair: entry
        for pair, entry in pairs.items()
        if pair not in common
        and not is_filler(pair[0])
        and not is_filler(pair[1])
        and (entry[1] or pair[0] == pair[1] or _alike(*pair))
    }


def evidence(per_component, limit=N_WORDS):
    """The word pairs that drive the text components, strongest first, each labelled with
    the component it feeds most.

    ``per_component`` maps a component name to (its weight in the score × its value, the
    ``text_evidence`` of its two texts). Returns dicts with ``query``, ``candidate``,
    ``weight`` (share of the credited evidence), ``component`` and ``concept``.
    """
    merged = {}
    for component, (importance, pairs) in per_component.items():
        total = sum(entry[0] for entry in pairs.values()) or 1.0
        for pair, entry in pairs.items():
            credit = importance * entry[0] / total
            best = merged.get(pair)
            if best is None:
                merged[pair] = {"credit": credit, "component": component, "top": credit,
                                "concept": entry[2]}  # fmt: skip
            else:
                best["credit"] += credit
                if credit > best["top"]:
                    best.update(component=component, top=credit)
                best["concept"] = best["concept"] or entry[2]
    total = sum(e["credit"] for e in merged.values()) or 1.0
    ranked = sorted(merged.items(), key=lambda kv: (-kv[1]["credit"], kv[0]))
    out, seen_query, seen_candidate = [], set(), set()
    for (q_word, c_word), entry in ranked:
        if q_word in seen_query or c_word in seen_candidate:
            continue
        seen_query.add(q_word)
        seen_candidate.add(c_word)
        out.append(
            {
                "query": q_word,
                "candidate": c_word,
                "weight": round(entry["credit"] / total, 4),
                "component": entry["component"],
                "concept": entry["concept"],
            }
        )
        if len(out) == limit:
            break
    return out


def limited_by(query_side, candidate_side, margin=0.15):
    """Which one-sided score really holds the match back: only when one side is clearly
    lower (by ``margin``) than the other; None when they are about even or both absent."""
    if query_side is None or candidate_side is None:
        return None
    if query_side + margin < candidate_side:
        return "query_side"
    if candidate_side + margin < query_side:
        return "candidate_side"
    return None


def reason(components, weights, themes, words, ties=(), similar=(), km=None):
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
    # A reason must have something to say: a key whose evidence is not shown gives way.
    if not themes:
        contributions["shared_themes"] = 0.0
    if not words:
        for key in ("offers_what_you_need", "needs_what_you_offer", "similar_work"):
            contributions[key] = 0.0
    if not ties:
        contributions["worked_together"] = contributions["works_with_partners"] = 0.0
    if not similar:
        contributions["similar_projects"] = 0.0
    key = max(contributions, key=contributions.get)
    if contributions[key] <= 0:
        key = "other_side"
    values = {"themes": themes[:3], "words": [w["query"] for w in words[:3]]}
    if key == "nearby" and km is not None:
        # The seat-to-seat distance (the component counts the crossing too, see
        # matching.geography), so that the reader is told how near, never "a neighbour"
        # for any distance.
        values["km"] = int(round(km))
    if key == "similar_projects":
        values["cooperation"] = similar[0]["title"]
        values["year"] = similar[0]["year"]
    elif ties:
        values["cooperation"] = ties[0]["title"]
        values["year"] = ties[0]["year"]
        values["partner"] = ties[0]["partner"]
    return {"key": key, "values": values}
