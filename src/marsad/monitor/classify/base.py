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

    def predict_proba(
        self, texts: Sequence[str], langs: Sequence[str] | None = None
    ) -> np.ndarray: ...

    def decide(self, proba: np.ndarray, langs: Sequence[str]) -> list[str]: ...

    def explain(self, text: str, *, lang: str | None = None) -> list[Evidence]: ...


LABELS = ("hate", "offensive", "none")
DEFAULT_THRESHOLDS = (0.5, 0.5)  # (abusive, hate's share of abusive)
Thresholds = dict[str, tuple[float, float]]


def decide(
    proba: np.ndarray, langs: Sequence[str], thresholds: Thresholds
) -> list[str]:
    """Labels from (hate, offensive, none) probabilities and per-language thresholds.

    A text is abusive when P(hate) + P(offensive) reaches its language's first
    threshold, and then hate when P(hate) is at least the second threshold's share
    of that. Languages without thresholds use DEFAULT_THRESHOLDS.
    """
    abusive = proba[:, 0] + proba[:, 1]
    share = np.divide(
        proba[:, 0], abusive, out=np.zeros_like(abusive), where=abusive > 0
    )
    limits = np.array(
        [thresholds.get(lang, DEFAULT_THRESHOLDS) for lang in langs], dtype=float
    ).reshape(-1, 2)
    labels = np.where(share >= limits[:, 1], "hate", "offensive")
    return np.where(abusive >= limits[:, 0], labels, "none").tolist()
