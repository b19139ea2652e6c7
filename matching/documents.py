"""The values the engine takes and gives: ``Document`` and ``Match``."""

from dataclasses import dataclass, field

COUNTRIES = ("SE", "DK")
LANGUAGE_BY_COUNTRY = {"SE": "sv", "DK": "da"}


@dataclass(frozen=True)
class Document:
    """A profile or a project: what the engine ranks and ranks for.

    Parameters
    ----------
    id : hashable
        Unique within a corpus (the app uses strings such as ``"profile:12"``).
    country : {"SE", "DK"}
        Candidates always come from the other country.
    description, needs, offers : str
        Free text in Swedish, Danish or English.
    themes : frozenset of str
        Theme codes; with a theme taxonomy in ``Weights`` unknown codes are an error.
    language : {"sv", "da", "en"} or None
        The language of the text; detected when None.
    activity : float, default 0.0
        How engaged the candidate is (accepted contacts, open projects); a prior, >= 0.
    """

    id: object
    country: str
    description: str = ""
    needs: str = ""
    offers: str = ""
    themes: frozenset = field(default_factory=frozenset)
    language: str | None = None
    activity: float = 0.0

    def __post_init__(self):
        if self.country not in COUNTRIES:
            raise ValueError(f"country must be 'SE' or 'DK', got {self.country!r}")
        if not isinstance(self.themes, frozenset):
            if isinstance(self.themes, str):
                raise ValueError("themes must be a collection of theme codes, not a string")
            object.__setattr__(self, "themes", frozenset(self.themes))
        if self.language is not None and self.language not in ("sv", "da", "en"):
            raise ValueError(f"language must be 'sv', 'da', 'en' or None, got {self.language!r}")
        activity = float(self.activity)
        if not activity >= 0:  # also catches NaN
            raise ValueError(f"activity must be a number >= 0, got {self.activity!r}")
        object.__setattr__(self, "activity", activity)
        for name in ("description", "needs", "offers"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, "")

    @property
    def text(self):
        """All text of the document."""
        return " ".join(t for t in (self.description, self.needs, self.offers) if t)


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
