"""``Explainer``: what a ranked match is made of, in evidence a reader can check: the words
that drive its text components, the ties, similar past cooperations, shared themes, the
limiting side and the reason (the rules of what counts are in ``matching.evidence``)."""

import math
import threading
from collections import OrderedDict

from matching import evidence
from matching.documents import Match
from matching.geography import seat_km


class Explainer:
    """Explains matches against a fitted encoder and history; keeps the text features of
    the documents it explained (a page explains the same candidates again and again).

    Parameters
    ----------
    encoder : TextEncoder (fitted)
    history : History
    char_weight : float
        The char n-grams' share of a text cosine (the matcher's).
    cache_size : int
        How many (document, field) features to keep.
    """

    # The texts each text component compares: (query field, candidate field).
    TEXT_COMPONENTS = {
        "need_offer": ("needs", "offers"),
        "offer_need": ("offers", "needs"),
        "description": ("text", "text"),
    }

    def __init__(self, encoder, history, char_weight, cache_size=4096):
        self.encoder, self.history, self.char_weight = encoder, history, char_weight
        self.cache_size = cache_size
        self._new_cache()

    def _new_cache(self):
        self._lock = threading.Lock()
        self._features = OrderedDict()

    def clear(self):
        with self._lock:
            self._features.clear()

    def __getstate__(self):  # saved without its lock and cache
        return {k: v for k, v in self.__dict__.items() if k not in ("_lock", "_features")}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._new_cache()

    def features_of(self, doc, field, language):
        """(word features, char features) of one field of a document, cached."""
        key = (doc, field)
        with self._lock:
            found = self._features.get(key)
        if found is None:
            text = doc.text if field == "text" else getattr(doc, field)
            found = self.encoder.text_features(text, language)
            with self._lock:
                self._features[key] = found
                if len(self._features) > self.cache_size:
                    self._features.popitem(last=False)
        return found

    def words(self, query, q_language, candidate, c_language, components, weights):
        """The word pairs that carry each text component, strongest first."""
        per_component = {}
        for name, (q_field, c_field) in self.TEXT_COMPONENTS.items():
            value = components.get(name)
            if not value:
                continue
            qw, qc = self.features_of(query, q_field, q_language)
            cw, cc = self.features_of(candidate, c_field, c_language)
            pairs = evidence.text_evidence(
                qw, cw, qc, cc, self.char_weight, self.encoder.feature_name,
                self.encoder.generic_word_features(),
            )  # fmt: skip
            per_component[name] = (getattr(weights, name) * value, pairs)
        return evidence.evidence(per_component)

    def match(self, query, segment, row, score, comps, context, explained=True):
        """The ``Match`` of one ranked row: its components, and its explanation unless
        ``explained`` is False. ``context`` is what the ranking computed once for the query:
        (owners, member features, excluded cooperations, query language, the owners' rows,
        the weights it was ranked with)."""
        owners, members, exclude_history, q_language, ours, weights = context
        components = {}
        for name, value in comps.items():
            value = float(value)
            components[name] = None if math.isnan(value) else round(value, 6)
        if not explained:  # the id only: a document is unpacked (its texts decoded) to explain
            return Match(segment.ids[row], round(score, 6), components, None)
        candidate = segment.docs[row]
        words = self.words(
            query, q_language, candidate, segment.languages[row], components, weights
        )
        themes = evidence.shared_themes(query, candidate, weights)
        ties = []
        if members is not None and (owners or components.get("ties2")):
            ties = self.history.ties_of(
                candidate.id, owners, members["spread"], exclude_history, ours=ours
            )
        similar = []
        if members is not None and components.get("history_text"):
            similar = evidence.real_similarity(
                components["history_text"],
                self.history.similar_of(candidate.id, members["best_cooperation"]),
            )
        explanation = {
            "shared_themes": themes,
            "words": words,
            "ties": ties,
            "similar": similar,
            "limited_by": evidence.limited_by(
                components["query_side"], components["candidate_side"]
            ),
            "reason": evidence.reason(components, weights, themes, words, ties, similar,
                                      seat_km(query.location, candidate.location)),
        }  # fmt: skip
        return Match(candidate.id, round(score, 6), components, explanation)
