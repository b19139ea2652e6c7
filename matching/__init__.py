"""KÖP Match's matching engine: pure Python + scikit-learn, no flask, sqlalchemy or app.

Public API (docs/matching.md explains how a match is scored): what the app
(``app/matches/services.py``) and the benchmarks use, and nothing else, is exported here::

    Document, Cooperation, Match, Weights, Matcher, Crossing, Routes, Outcome, ...
"""

from matching import search
from matching.documents import Cooperation, Document, Match
from matching.evaluation import bootstrap_interval, evaluate, exposure, score_ranking
from matching.geography import Crossing, Routes, crossings_from_rows
from matching.learning import (
    Outcome,
    ascend_weights,
    cross_validate,
    feature_tables,
    learn_weights,
)
from matching.matcher import Matcher, NotFittedError, cap_exposure
from matching.text import mask_names, stop_words, written_in
from matching.weights import PARAMETER, PARAMETERS, SITUATION_WEIGHTS, Weights

__all__ = [
    "PARAMETER",
    "PARAMETERS",
    "SITUATION_WEIGHTS",
    "Cooperation",
    "Crossing",
    "Document",
    "Match",
    "Matcher",
    "NotFittedError",
    "Outcome",
    "Routes",
    "Weights",
    "ascend_weights",
    "bootstrap_interval",
    "cap_exposure",
    "cross_validate",
    "crossings_from_rows",
    "evaluate",
    "exposure",
    "feature_tables",
    "learn_weights",
    "mask_names",
    "score_ranking",
    "search",
    "stop_words",
    "written_in",
]
