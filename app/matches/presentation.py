"""How a match is told to a reader: reason sentences, component names, highlighted words."""

import re
from functools import lru_cache

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from app.choices import cooperation_years
from app.extensions import db
from app.i18n import current_language
from app.matches.services import PARAMETERS
from app.models import Cooperation, Municipality, Theme

# Seat to seat, what a reader calls a close neighbour across the water (Helsingborg–
# Helsingør is 5 km, Malmö–København 28 km; Karlskrona–Bornholm, 130 km, is none).
NEIGHBOUR_KM = 50

# The components a reader sees on a card, in the registry's order, labelled in their language.
COMPONENT_LABELS = {p.name: _l(p.explains) for p in PARAMETERS if p.explains}


def _themes():
    """Every theme by code, read once per request (the taxonomy is small)."""
    if "kop_themes" not in g:
        g.kop_themes = {t.code: t for t in db.session.execute(db.select(Theme)).scalars()}
    return g.kop_themes


def theme_labels(codes):
    """Labels of theme codes in the reader's language, in the given order."""
    if not codes:
        return []
    themes = _themes()
    language = current_language()
    return [themes[c].label(language) if c in themes else c for c in codes]


def reason_sentence(reason):
    """The engine's reason (a key plus values) as a sentence in the reader's language."""
    values = reason.get("values", {})
    themes = ", ".join(theme_labels(values.get("themes", [])))
    words = ", ".join(values.get("words", []))
    key = reason.get("key")
    if key == "shared_themes" and themes:
        return _("Works on the same themes: %(themes)s.", themes=themes)
    if key == "offers_what_you_need":
        return (
            _("Offers what you look for (%(words)s).", words=words)
            if words
            else _("Offers what you look for.")
        )
    if key == "needs_what_you_offer":
        return (
            _("Looks for what you bring (%(words)s).", words=words)
            if words
            else _("Looks for what you bring.")
        )
    if key == "similar_work":
        return (
            _("Works on similar things (%(words)s).", words=words)
            if words
            else _("Works on similar things.")
        )
    cooperation = values.get("cooperation")
    if key == "worked_together" and cooperation:
        return _("You have worked together before: %(cooperation)s.", cooperation=cooperation)
    if key == "works_with_partners" and cooperation:
        return _("Works with your partners: %(cooperation)s.", cooperation=cooperation)
    if key == "similar_projects" and cooperation:
        return _("Has worked on a similar project: %(cooperation)s.", cooperation=cooperation)
    if key == "similar_projects":
        return _("Has worked on similar projects before.")
    if key == "history_themes":
        return _("Has worked on these themes before.")
    if key == "nearby":
        km = values.get("km")
        if km is None:
            return _("Near across the water, seat to seat.")
        if km <= NEIGHBOUR_KM:
            return _("A close neighbour across the border: %(km)s km seat to seat.", km=km)
        return _("%(km)s km away, seat to seat; little else stands out yet.", km=km)
    if key == "active_partner":
        return _("Active in cross-border cooperation.")
    return _("A municipality on the other side of the border.")


def limit_sentence(limited_by):
    if limited_by == "query_side":
        return _("What holds the match back: how well they meet your needs.")
    if limited_by == "candidate_side":
        return _("What holds the match back: how well you meet their needs.")
    return ""


def explanation_text(match):
    """A card's explanation as one paragraph (exports, the API): reason, limit, themes."""
    explanation = match.explanation
    parts = [
        reason_sentence(explanation.get("reason") or {}),
        limit_sentence(explanation.get("limited_by")),
    ]
    shared = theme_labels(list(explanation.get("shared_themes") or ()))
    if shared:
        parts.append(_("Shared themes: %(themes)s.", themes=", ".join(shared)))
    return " ".join(p for p in parts if p)


def _cache(name):
    if not hasattr(g, name):
        setattr(g, name, {})
    return getattr(g, name)


def _cooperation_ref(entry):
    ref = entry.get("cooperation")
    if isinstance(ref, list | tuple) and len(ref) == 2 and isinstance(ref[1], int):
        return ref[1]
    return None


def presented(matches):
    """What the cards of these matches show beyond the engine's explanation, read here
    (one query each for the partners and the cooperations they name, the themes once per
    request) so that templates read data and never the database: per match, the shared
    themes' labels (``shared``), the partners' names (``names``) and the years of each tie
    and similar cooperation (``periods``, by their index in ties + similar)."""
    partners, cooperations = set(), set()
    for match in matches:
        explanation = match.explanation
        for tie in explanation.get("ties") or ():
            partners.add(tie.get("partner"))
        for entry in list(explanation.get("ties") or ()) + list(explanation.get("similar") or ()):
            cooperations.add(_cooperation_ref(entry))
    names = municipality_names(partners)
    _cooperation_years(cooperations)  # all at once: each card below reads the cache
    out = []
    for match in matches:
        explanation = match.explanation
        ties = list(explanation.get("ties") or ())
        tied = {t.get("cooperation") for t in ties}
        similar = [s for s in explanation.get("similar") or () if s.get("cooperation") not in tied]
        out.append({
            "shared": theme_labels(list(explanation.get("shared_themes") or ())),
            "names": {t.get("partner"): names[t.get("partner")] for t in ties
                      if t.get("partner") in names},
            "periods": cooperation_periods(ties + similar),
            "similar": similar,
        })  # fmt: skip
    return out


def municipality_names(ids):
    """{municipality id: name} for the partners named in explanations (cached per request)."""
    names = _cache("kop_names")
    wanted = {i for i in ids if isinstance(i, int)}
    missing = wanted - set(names)
    if missing:
        names.update(db.session.execute(
            db.select(Municipality.id, Municipality.name).where(Municipality.id.in_(missing))
        ).all())  # fmt: skip
        names.update({i: None for i in missing if i not in names})
    return {i: names[i] for i in wanted if names.get(i)}


def _cooperation_years(ids):
    """{cooperation id: years as a reader sees them} (cached per request)."""

    years = _cache("kop_years")
    wanted = {i for i in ids if isinstance(i, int)}
    missing = wanted - set(years)
    if missing:
        for c in db.session.execute(
            db.select(Cooperation).where(Cooperation.id.in_(missing))
        ).scalars():
            years[c.id] = cooperation_years(c)
        years.update({i: None for i in missing if i not in years})
    return years


def cooperation_periods(entries):
    """{entry index: years as a reader sees them} for the ties and similar cooperations of
    an explanation (their ids are ("cooperation", database id))."""
    refs = {i: _cooperation_ref(entry) for i, entry in enumerate(entries)}
    years = _cooperation_years(refs.values())
    return {i: years[ref] for i, ref in refs.items() if ref is not None and years.get(ref)}


def highlight(text, words):
    """``text`` with whole-word occurrences of ``words`` wrapped in <mark> (HTML-escaped)."""
    words = tuple(sorted({w for w in words if w}, key=lambda w: (-len(w), w)))
    if not text or not words:
        return escape(text or "")
    # split() with the pattern's one group: text, found word, text, … (a card shows a few
    # long texts: one escaped string per piece, joined once)
    parts = _word_pattern(words).split(text)
    return Markup("".join(
        f"<mark>{escape(part)}</mark>" if i % 2 else escape(part) for i, part in enumerate(parts)
    ))  # fmt: skip


@lru_cache(maxsize=1024)
def _word_pattern(words):
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)",
                      re.IGNORECASE)  # fmt: skip


def register(app):
    @app.context_processor
    def match_helpers():
        return {
            "component_labels": COMPONENT_LABELS,
            "reason_sentence": reason_sentence,
            "limit_sentence": limit_sentence,
            "highlight": highlight,
        }
