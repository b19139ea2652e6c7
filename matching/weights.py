"""``Weights``: how the components of a match are combined, with documented defaults.

``PARAMETERS`` is the one registry of the tunable numbers: name, default, bounds and the
labels a reader sees (English message ids, marked with ``N_`` so that the app's catalog
extraction finds them; the app translates them, the engine never does).
"""

import math
from dataclasses import asdict, dataclass, field, replace

from matching.situations import SITUATION_WEIGHTS, SITUATIONS


def N_(message):  # noqa: N802 - gettext's name for "mark for translation, do not translate"
    """Mark ``message`` for extraction into the app's catalogs; returns it unchanged."""
    return message


@dataclass(frozen=True)
class Parameter:
    """One tunable number of ``Weights``.

    ``kind`` is ``"component"`` for the weight of a component (a score in [0, 1] shown on
    every match, described to readers by ``explains``) or ``"setting"`` for how the score
    is put together.
    """

    name: str
    default: float
    low: float
    high: float
    label: str
    kind: str = "component"
    explains: str | None = None


PARAMETERS = (
    # The profile match: themes and texts of the query and the candidate, both ways.
    Parameter("theme", 1.0, 0.0, 3.0, N_("Shared themes"), explains=N_("Shared themes")),
    Parameter(
        "need_offer", 1.2, 0.0, 3.0, N_("Need → offer"), explains=N_("They offer what you look for")
    ),
    Parameter(
        "offer_need", 1.2, 0.0, 3.0, N_("Offer → need"), explains=N_("They look for what you bring")
    ),
    Parameter(
        "description",
        1.0,
        0.0,
        3.0,
        N_("Similar work overall"),
        explains=N_("Similar work overall"),
    ),
    # How the profile match and the history combine into the score (weights of components).
    Parameter("profile", 3.0, 0.0, 3.0, N_("Profile match (themes and texts, both ways)")),
    Parameter(
        "history_text",
        2.0,
        0.0,
        3.0,
        N_("Similar past cooperations"),
        explains=N_("Has worked on similar projects"),
    ),
    Parameter(
        "history_theme",
        0.25,
        0.0,
        3.0,
        N_("Themes of past cooperations"),
        explains=N_("Has worked on these themes"),
    ),
    Parameter(
        "ties",
        1.0,
        0.0,
        3.0,
        N_("Worked together before"),
        explains=N_("Has worked with you before"),
    ),
    Parameter(
        "ties2", 0.25, 0.0, 3.0, N_("Partners of partners"), explains=N_("Works with your partners")
    ),
    Parameter(
        "activity",
        0.25,
        0.0,
        3.0,
        N_("Activity (cooperations, contacts, projects)"),
        explains=N_("Active in cross-border work"),
    ),
    Parameter("distance", 2.0, 0.0, 3.0, N_("Nearness (seat to seat)"), explains=N_("Close by")),
    # Settings of the profile match and of the lists.
    Parameter("reciprocity", 0.7, 0.0, 1.0, N_("Reciprocity (share of the score)"), kind="setting"),
    Parameter(
        "exposure_cap", 0.0, 0.0, 1.0, N_("Exposure cap (share of lists, 0 = off)"), kind="setting"
    ),
    Parameter(
        "distance_km", 25.0, 10.0, 300.0, N_("Nearness scale (km at which it is 37 %)"),
        kind="setting",
    ),
)
PARAMETER = {p.name: p for p in PARAMETERS}
PROFILE_FIELDS = ("theme", "need_offer", "offer_need", "description")
# The components that make the score, each in [0, 1], with the weight of the same name.
SCORE_FIELDS = (
    "profile",
    "history_text",
    "history_theme",
    "ties",
    "ties2",
    "activity",
    "distance",
)


@dataclass(frozen=True)
class Weights:
    """Component and theme weights.

    The score is the weighted mean of the components in ``SCORE_FIELDS`` (each in [0, 1],
    0 where there is no evidence). ``profile`` is itself the reciprocal combination of
    the profile components in ``PROFILE_FIELDS``.

    Parameters
    ----------
    theme : float, default 1.0
        Weight of theme coverage θ(A→B) = Σ shared w_t / Σ A's w_t in a one-sided score.
    need_offer : float, default 1.2
        Weight of cos(needs of A, offers of B) in A's one-sided score.
    offer_need : float, default 1.2
        Weight of cos(offers of A, needs of B) in B's one-sided score.
    description : float, default 1.0
        Weight of the similarity of all text in both one-sided scores.
    profile : float, default 3.0
        Weight of the profile match (the reciprocal combination of the four above). The
        highest default: where a candidate has a profile, what it says decides most; the
        history adds evidence on top.
    history_text : float, default 2.0
        Weight of the text similarity of the query with the candidate's past cooperations,
        compared one by one (the mean of the best three).
    history_theme : float, default 0.25
        Weight of the share of the query's themes the candidate's past cooperations had.
    ties : float, default 1.0
        Weight of the cooperations the candidate shares with the query's owners (recent
        ones count more).
    ties2 : float, default 0.25
        Weight of two-hop ties: the candidate works with the owners' partners.
    activity : float, default 0.25
        Weight of the log-scaled activity (cooperations plus ``Document.activity``).
    distance : float, default 2.0
        Weight of nearness, exp(-km / ``distance_km``), seat to seat over the crossings
        between countries (``matching.geography``; when both have a location).
    reciprocity : float, default 0.7
        Share of the profile match that is the harmonic mean of both one-sided scores; the
        rest is the query's one-sided score. 0 ranks for the query's side only.
    floor : float, default 0.05
        Floor of each one-sided score before the harmonic mean, so that a side with no
        evidence does not zero a match.
    exposure_cap : float, default 0.0
        With ``Matcher.rank_many``, the share of the lists (0 < cap <= 1) one candidate may
        appear in; 0 turns the cap off.
    distance_km : float, default 25
        Scale of nearness: at this many km it is e^-1 (37 %); at 5 km 82 %, at 75 km 5 %.
    theme_weights : dict of str to float or None
        Per-theme weights. When given, it is the taxonomy: other codes are an error.
    default_theme_weight : float, default 1.0
        Weight of themes not in ``theme_weights`` when it is None.
    situations : dict or None
        {situation: {component: weight}} overriding component weights for queries in that
        situation (``in_situation``); None takes ``SITUATION_WEIGHTS``, {} none.
    """

    theme: float = PARAMETER["theme"].default
    need_offer: float = PARAMETER["need_offer"].default
    offer_need: float = PARAMETER["offer_need"].default
    description: float = PARAMETER["description"].default
    profile: float = PARAMETER["profile"].default
    history_text: float = PARAMETER["history_text"].default
    history_theme: float = PARAMETER["history_theme"].default
    ties: float = PARAMETER["ties"].default
    ties2: float = PARAMETER["ties2"].default
    activity: float = PARAMETER["activity"].default
    distance: float = PARAMETER["distance"].default
    reciprocity: float = PARAMETER["reciprocity"].default
    floor: float = 0.05
    exposure_cap: float = PARAMETER["exposure_cap"].default
    distance_km: float = PARAMETER["distance_km"].default
    theme_weights: dict | None = field(default=None, hash=False, compare=True)
    default_theme_weight: float = 1.0
    situations: dict | None = field(default=None, hash=False, compare=True)

    def __post_init__(self):
        for name in (*PARAMETER, "floor", "default_theme_weight"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise ValueError(f"weight {name!r} must be a finite number >= 0, got {value!r}")
        if not any(getattr(self, name) > 0 for name in SCORE_FIELDS):
            raise ValueError(f"at least one of {', '.join(SCORE_FIELDS)} must be above 0")
        for name in ("reciprocity", "floor", "exposure_cap"):
            if getattr(self, name) > 1:
                raise ValueError(f"weight {name!r} must be between 0 and 1")
        if not self.distance_km > 0:
            raise ValueError("distance_km must be above 0")
        if self.situations is not None:
            for situation, overrides in self.situations.items():
                if situation not in SITUATIONS or set(overrides) - set(SCORE_FIELDS):
                    raise ValueError(f"bad situation weights for {situation!r}")
        if self.theme_weights is not None:
            cleaned = {}
            for code, value in dict(self.theme_weights).items():
                if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                    raise ValueError(f"theme weight {code!r} must be a number >= 0, got {value!r}")
                cleaned[str(code)] = float(value)
            object.__setattr__(self, "theme_weights", cleaned)

    def theme_weight(self, code):
        """The weight of one theme code; ValueError when a taxonomy is set and lacks it."""
        if self.theme_weights is None:
            return self.default_theme_weight
        try:
            return self.theme_weights[code]
        except KeyError:
            raise ValueError(f"unknown theme code {code!r}") from None

    def check_themes(self, codes):
        """Raise ValueError when a taxonomy is set and ``codes`` holds a code outside it."""
        if self.theme_weights is not None:
            unknown = sorted(set(codes) - set(self.theme_weights))
            if unknown:
                raise ValueError(f"unknown theme codes: {', '.join(map(str, unknown))}")

    def in_situation(self, situation):
        """These weights as they rank a query in ``situation`` (see ``SITUATIONS``): the
        situation's component weights, everything else (themes, profile, settings) as is."""
        table = SITUATION_WEIGHTS if self.situations is None else self.situations
        overrides = table.get(situation)
        if not overrides:
            return self
        return replace(self, **overrides)

    def replace(self, **changes):
        """A copy with some weights changed."""
        return replace(self, **changes)

    def to_dict(self):
        return asdict(self)

    def parameters(self):
        """{name: value} of every registered parameter (``PARAMETERS``)."""
        return {p.name: getattr(self, p.name) for p in PARAMETERS}

    @classmethod
    def from_parameters(cls, values, **extra):
        """Weights from {name: value} (missing names take their defaults); checks bounds."""
        unknown = sorted(set(values) - set(PARAMETER))
        if unknown:
            raise ValueError(f"unknown weights: {', '.join(unknown)}")
        checked = {}
        for name, value in values.items():
            p = PARAMETER[name]
            value = float(value)
            if not p.low <= value <= p.high:
                raise ValueError(f"weight {name!r} must be between {p.low} and {p.high}")
            checked[name] = value
        return cls(**checked, **extra)
