"""KÖP Match's matching engine: pure Python + scikit-learn, no flask, sqlalchemy or app.

Public API (docs/matching.md explains how a match is scored)::

    Document, Cooperation, Weights, Matcher, Match, evaluate, learn_weights
"""

from matching.documents import Cooperation, Document, Match
from matching.evaluation import evaluate
from matching.learning import Outcome, learn_weights
from matching.matcher import Matcher, NotFittedError, cap_exposure
from matching.weights import Weights

__all__ = [
    "Cooperation",
    "Document",
    "Match",
    "Matcher",
    "NotFittedError",
    "Outcome",
    "Weights",
    "cap_exposure",
    "evaluate",
    "learn_weights",
]
