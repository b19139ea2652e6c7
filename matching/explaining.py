"""Explaining a ranked match: the evidence of its text components, ties, similar past
cooperations, shared themes, the limiting side and the reason (see matching.explain)."""

import math

from matching import explain
from matching.documents import Match
from matching.geography import seat_km


class ExplainMixin:
    """``Matcher._match`` and the cached features it reads."""

    def _features_of(self, doc, field, language):
        """(word features, char features) of one field of a document, cached."""
        key = (doc, field)
        with self._lock:
            found = self._word_cache.get(key)
        if found is None:
            text = doc.text if field == "text" else getattr(doc, field)
            found = self.encoder_.text_features(text, language)
            with self._lock:
                self._word_cache[key] = found
                if len(self._word_cache) > max(4096, 3 * len(self._base)):
                    self._word_cache.popitem(last=False)
        return found

    # The texts each text component compares: (query field, candidate field).
    TEXT_COMPONENTS = {
        "need_offer": ("needs", "offers"),
        "offer_need": ("offers", "needs"),
        "description": ("text", "text"),
    }

    def _evidence(self, query, q_language, candidate, c_language, components, weights):
        per_component = {}
        for name, (q_field, c_field) in self.TEXT_COMPONENTS.items():
            value = components.get(name)
            if not value:
                continue
            qw, qc = self._features_of(query, q_field, q_language)
            cw, cc = self._features_of(candidate, c_field, c_language)
            pairs = explain.text_evidence(
                qw, cw, qc, cc, self.char_weight, self.encoder_.feature_name,
                self.encoder_.generic_word_features(),
            )
            per_component[name] = (getattr(weights, name) * value, pairs)
        return explain.evidence(per_component)

    def explain(self, query, matches, owners=(), weights=None, exclude_history=(), countries=None):
        """``matches`` of an unexplained ``rank(query, …, explain=False)`` with their
        explanations, in the same order (same arguments as that call)."""
        weights = self.weights_ if weights is None else weights
        owners, exclude_history = frozenset(owners), frozenset(exclude_history)
        countries = None if countries is None else tuple(c for c in countries
                                                         if c != query.country)  # fmt: skip
        key = (query, owners, weights, exclude_history, countries)  # by value
        with self._lock:
            found = self._explain_cache.get(key)
        rows = found[1] if found else {}
        if any(m.id not in rows for m in matches):  # not remembered: rank again, once
            ranked = self.rank(query, k=max(self.n_documents_, 1), owners=owners, weights=weights,
                               exclude_history=exclude_history, explain=False,
                               countries=countries)  # fmt: skip
            with self._lock:
                found = self._explain_cache.get(key)
            rows = found[1] if found else {}
            missing = {m.id for m in matches} - set(rows) - {m.id for m in ranked}
            if missing:
                raise ValueError(f"not candidates of this query: {sorted(map(str, missing))}")
        context = found[0]
        return [
            self._match(query, *rows[m.id][:2], rows[m.id][2], rows[m.id][3], weights, context)
            for m in matches
        ]

    def _remember(self, query, owners, weights, exclude_history, context, pooled, countries=None):
        """Keep what ``explain`` needs of an unexplained ranking (a few, newest last)."""
        key = (query, owners, weights, exclude_history, countries)  # by value
        rows = {segment.ids[row]: (segment, row, score, comps)
                for score, segment, row, comps in pooled}  # fmt: skip
        with self._lock:
            self._explain_cache[key] = (context, rows)
            self._explain_cache.move_to_end(key)
            while len(self._explain_cache) > 32:
                self._explain_cache.popitem(last=False)

    def _match(self, query, segment, row, score, comps, weights, context, explained=True):
        owners, members, exclude_history, q_language, ours, ranking = context
        weights = ranking  # the weights the match was ranked with (its situation's)
        candidate = segment.docs[row]
        components = {}
        for name, value in comps.items():
            value = float(value)
            components[name] = None if math.isnan(value) else round(value, 6)
        if not explained:
            return Match(candidate.id, round(score, 6), components, None)
        words = self._evidence(
            query, q_language, candidate, segment.languages[row], components, weights
        )
        themes = explain.shared_themes(query, candidate, weights)
        ties = []
        if members is not None and (owners or components.get("ties2")):
            ties = self.history_.ties_of(
                candidate.id, owners, members["spread"], exclude_history, ours=ours
            )
        similar = []
        if members is not None and components.get("history_text"):
            similar = explain.real_similarity(
                components["history_text"],
                self.history_.similar_of(candidate.id, members["best_cooperation"]),
            )
        explanation = {
            "shared_themes": themes,
            "words": words,
            "ties": ties,
            "similar": similar,
            "limited_by": explain.limited_by(
                components["query_side"], components["candidate_side"]
            ),
            "reason": explain.reason(components, weights, themes, words, ties, similar,
                                     seat_km(query.location, candidate.location)),
        }
        return Match(candidate.id, round(score, 6), components, explanation)
