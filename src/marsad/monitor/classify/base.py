"""The one interface every classifier backend offers (built-in model, lexicon, ONNX).

Follows scikit-learn's conventions (STYLE.md §6): `__init__` stores settings only,
`fit` returns self, `predict_proba` columns follow `classes_`. Every backend also
explains a text: what in it drove the scores, in the text's own script.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

CATEGORIES = ("hate", "incitement", "offensive")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason for a score: a lexicon term or a model feature, with its weight."""

    category: str
    text: str  # as it appears in the post (lexicon hits) or the feature (model)
    weight: float
    kind: str = "lexicon"  # "lexicon" or "feature"
    target: str | None = None  # the group a lexicon term targets, when tagged


class Classifier(Protocol):
    classes_: tuple[str, ...]

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> "Classifier": ...

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray: ...

    def explain(self, text: str) -> list[Evidence]: ...
