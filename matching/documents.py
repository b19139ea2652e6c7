"""The values the engine takes and gives: ``Document`` and ``Match``."""

import re
from dataclasses import dataclass, field

from matching.text import LANGUAGES

# The language a country's texts are stemmed in unless told or clearly English; a country
# not named here (an area pack may bring any) defaults to English unless ``language`` is
# given.
LANGUAGE_BY_COUNTRY = {"SE": "sv", "DK": "da", "NO": "nb"}
_COUNTRY = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class Document:
    """A profile or a project: what the engine ranks and ranks for.

    Parameters
    ----------
    id : hashable
        Unique within a corpus (the app uses strings such as ``"profile:12"``).
    country : str
        ISO 3166 code ("SE", "DK", "NO" …). Candidates always come from another country.
    description, needs, offers : str
        Free text in Swedish, Danish, Norwegian (bokmål) or English.
    themes : frozenset of str
        Theme codes; with a theme taxonomy in ``Weights`` unknown codes are an error.
    language : {"sv", "da", "nb", "en"} or None
        The language of the text; detected when None.
    activity : float, default 0.0
        How engaged the candidate is (accepted contacts, open projects); a prior, >= 0.
        Cooperations in the history count on top of it.
    location : (float, float) or None
        (latitude, longitude) of the municipality's seat, for the distance prior.
    """

    id: object
    country: str
    description: str = ""
    needs: str = ""
    offers: str = ""
    themes: frozenset = field(default_factory=frozenset)
    language: str | None = None
    activity: float = 0.0
    location: tuple | None = None

    def __post_init__(self):
        if not isinstance(self.country, str) or not _COUNTRY.fullmatch(self.country):
            raise ValueError(f"country must be a two-letter code like 'SE', got {self.country!r}")
        if not isinstance(self.themes, frozenset):
            if isinstance(self.themes, str):
                raise ValueError("themes must be a collection of theme codes, not a string")
            object.__setattr__(self, "themes", frozenset(self.themes))
        if self.language is not None and self.language not in LANGUAGES:
            raise ValueError(
                f"language must be one of {', '.join(LANGUAGES)} or None, got {self.language!r}"
            )
        activity = float(self.activity)
        if not activity >= 0:  # also catches NaN
            raise ValueError(f"activity must be a number >= 0, got {self.activity!r}")
        object.__setattr__(self, "activity", activity)
        for name in ("description", "needs", "offers"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, "")
        if self.location is not None:
            object.__setattr__(self, "location", _location(self.location))

    @property
    def text(self):
        """All text of the document."""
        return " ".join(t for t in (self.description, self.needs, self.offers) if t)


def _location(value):
    try:
        lat, lon = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"location must be (latitude, longitude), got {value!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"location out of range: {value!r}")
    return (lat, lon)


@dataclass(frozen=True)
class Cooperation:
    """A past or running cooperation: who worked together, on what, when.

    Parameters
    ----------
    id : hashable
        Unique within a history.
    members : collection of ids
        The municipalities that took part. Ids need not be documents: they count for ties
        and activity but are never ranked. At least one.
    text : str
        What it was about (any of sv, da, nb, en).
    themes : frozenset of str
        Theme codes (unknown codes are ignored when a taxonomy is set).
    year : int or None
        When it ran (its last year); recent cooperations count more.
    title : str
        Its published name, for explanations.
    """

    id: object
    members: frozenset
    text: str = ""
    themes: frozenset = field(default_factory=frozenset)
    year: int | None = None
    title: str = ""

    def __post_init__(self):
        if isinstance(self.members, str) or not hasattr(self.members, "__iter__"):
            raise ValueError("members must be a collection of ids, not a string")
        object.__setattr__(self, "members", frozenset(self.members))
        if not self.members:
            raise ValueError(f"cooperation {self.id!r} has no members")
        if isinstance(self.themes, str):
            raise ValueError("themes must be a collection of theme codes, not a string")
        object.__setattr__(self, "themes", frozenset(self.themes))
        if self.year is not None:
            if isinstance(self.year, bool) or not isinstance(self.year, int):
                raise ValueError(f"year must be an int or None, got {self.year!r}")
        object.__setattr__(self, "text", self.text or "")
        object.__setattr__(self, "title", self.title or "")


@dataclass(frozen=True)
class Match:
    """One ranked candidate.

    Attributes
    ----------
    id : hashable
        The candidate document's id.
    score : float
        In [0, 1]; higher is better.
    components : dict of str to float
        ``theme``, ``need_offer``, ``offer_need``, ``description``, ``activity`` (each in
        [0, 1]; None when a side has nothing to compare) and the one-sided scores
        ``query_side`` (how well the candidate suits the query) and ``candidate_side``.
    explanation : dict
        ``shared_themes`` (codes, heaviest first), ``words`` (up to five dicts with
        ``query``, ``candidate`` and ``weight``: the words that drive the text match, as
        they appear in each text), ``limited_by`` ("query_side", "candidate_side" or
        None) and ``reason`` (``{"key": str, "values": dict}`` for the app to translate).
    """

    id: object
    score: float
    components: dict
    explanation: dict
