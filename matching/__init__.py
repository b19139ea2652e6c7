"""KÖP Match's matching engine: pure Python + scikit-learn, no flask, sqlalchemy or app.

Public API (docs/matching.md explains how a match is scored)::

    Document, Weights, Matcher, Match, evaluate
"""

from matching.documents import Document, Match
from matching.evaluation import evaluate
from matching.matcher import Matcher, NotFittedError
from matching.weights import Weights

__all__ = ["Document", "Match", "Matcher", "NotFittedError", "Weights", "evaluate"]
