"""Verdicts for posts: the active backend's label and scores, with the lexicon's hits.

Backends are named in `BACKENDS` (dotted paths, as pluggable parts are registered
elsewhere): `builtin` (the shipped or a trained model folder), `onnx` (a
transformer exported to ONNX, from a local folder) and `lexicon` (terms only).
An analyst's lexicon, when given, runs beside any backend: its hits are shown as
reasons, its categories are added (incitement has no training data and comes from
the lexicon), and its tagged targets feed the Index's "targeted groups".
Imports no Django.
"""

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from marsad.monitor.classify.base import Evidence
from marsad.monitor.classify.lexicon import LexiconClassifier
from marsad.monitor.text.langid import detect_languages

PACKAGED_MODEL = Path(__file__).parent / "model"
BACKENDS: dict[str, str] = {
    "builtin": "marsad.monitor.classify.builtin.BuiltinClassifier",
    "onnx": "marsad.monitor.classify.onnx.OnnxClassifier",
    "lexicon": "marsad.monitor.classify.lexicon.LexiconBackend",
}


@dataclass
class Verdict:
    label: str  # the model's: hate, offensive or none
    categories: list[str]  # flagged: the label unless none, plus lexicon categories
    scores: dict[str, float]  # the model's probability per label
    evidence: list[Evidence] = field(default_factory=list)
    lang: str = "other"

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "categories": self.categories,
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "lang": self.lang,
            "explanation": [
                {
                    "category": e.category,
                    "text": e.text,
                    "weight": e.weight,
                    "kind": e.kind,
                    "target": e.target,
                }
                for e in self.evidence
            ],
        }


def load_backend(name: str, path: Path | None) -> Any:
    """Backend `name` loaded from `path` (a folder, or the lexicon's CSV file).

    `None` means the model shipped with Marsad (built-in backend only).
    """
    try:
        module_name, class_name = BACKENDS[name].rsplit(".", 1)
    except KeyError:
        known = ", ".join(sorted(BACKENDS))
        raise ValueError(f"unknown classifier backend {name!r}; use {known}") from None
    backend = getattr(importlib.import_module(module_name), class_name)
    if path is None and name != "builtin":
        raise ValueError(f"the {name} backend needs a path (MARSAD_CLASSIFIER_MODEL)")
    return backend.load(path or PACKAGED_MODEL)


class Scorer:
    """Scores texts with a model backend and, optionally, a lexicon."""

    def __init__(self, model: Any, lexicon: LexiconClassifier | None = None) -> None:
        self.model = model
        self.lexicon = lexicon

    def classify(
        self,
        texts: Sequence[str],
        langs: Sequence[str] | None = None,
        *,
        explain: bool = True,
    ) -> list[Verdict]:
        """One verdict per text; languages are detected when not given.

        Explanations (the slower part) are computed only for flagged texts.
        """
        if langs is None:
            langs = detect_languages(texts)
        proba = np.asarray(self.model.predict_proba(texts, langs))
        labels = self.model.decide(proba, langs)
        verdicts = []
        for text, lang, row, label in zip(texts, langs, proba, labels, strict=True):
            hits = self.lexicon.explain(text) if self.lexicon else []
            categories = [label] if label != "none" else []
            categories += sorted({h.category for h in hits} - set(categories))
            evidence = list(hits)
            if explain and label != "none":
                evidence += self.model.explain(text, lang=lang)
            verdicts.append(
                Verdict(
                    label=label,
                    categories=categories,
                    scores={
                        name: float(value)
                        for name, value in zip(self.model.classes_, row, strict=True)
                    },
                    evidence=evidence,
                    lang=lang,
                )
            )
        return verdicts
