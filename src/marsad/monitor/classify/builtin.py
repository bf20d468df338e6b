"""The built-in classifier: hashed n-gram features and a multinomial linear model.

Labels are `hate`, `offensive` and `none` (the labelled data's scheme). A text is
called abusive when P(hate) + P(offensive) reaches its language's threshold, and
then hate when P(hate) is a large enough share of that; both thresholds are tuned
per language on held-out data (`tune_thresholds`), because the languages' data
differ in how often, and how, abuse is labelled.

Saved as two files in a folder: `weights.npz` (numpy arrays only, read with
`allow_pickle=False`, so loading cannot run code) and `model.json` (settings,
thresholds, and the SHA-256 of `weights.npz`: a changed file is refused).
"""

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from marsad.monitor.classify.base import LABELS, Evidence, Thresholds, decide
from marsad.monitor.classify.features import Batch, Featuriser, word_spans
from marsad.monitor.text.langid import detect_languages

FORMAT_VERSION = 1


class ModelError(ValueError):
    """A model folder is missing, damaged or changed since it was saved."""


class BuiltinClassifier:
    """Linear model over `Featuriser` features (scikit-learn conventions)."""

    classes_ = LABELS

    def __init__(
        self,
        *,
        bits: int = 21,
        alpha: float = 3e-6,
        class_weight: str | None = "balanced",
        max_iter: int = 50,
        random_state: int = 0,
        min_language_examples: int = 1000,
    ) -> None:
        self.bits = bits
        self.alpha = alpha
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state
        self.min_language_examples = min_language_examples

    # -- training -------------------------------------------------------------

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        langs: Sequence[str] | None = None,
    ) -> "BuiltinClassifier":
        """One model for all languages and, given `langs`, one per language.

        A text's probabilities average the shared model's and its language's
        (when there is one): the shared model lends what languages have in common
        (emoji, names, code-switching), the language's own model its specifics.
        Measured on shared/data/hate, the average beats either alone on most sets.
        """
        unknown = sorted(set(labels) - set(LABELS))
        if unknown:
            raise ValueError(f"labels must be {', '.join(LABELS)}, not {unknown}")
        featuriser = Featuriser(self.bits)
        batch = featuriser.transform(texts)
        self.idf_ = _idf(batch, featuriser.n_buckets).astype(np.float16)
        matrix = batch.matrix(self.idf_)
        gold = np.asarray(labels)
        self.coef_, self.intercept_ = self._linear_model(matrix, gold)
        self.lang_models_: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        if langs is not None:
            languages = np.asarray(langs)
            for lang in sorted(set(langs)):
                rows = np.flatnonzero(languages == lang)
                enough = rows.size >= self.min_language_examples
                if enough and len(set(gold[rows])) > 1:
                    self.lang_models_[lang] = self._linear_model(
                        matrix[rows], gold[rows]
                    )
        self.thresholds_: Thresholds = {}
        return self

    def _linear_model(
        self, matrix: Any, labels: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Logistic regression by averaged stochastic gradient descent.

        Seconds instead of minutes for LBFGS on two million hashed features, with
        the same test figures (measured on shared/data/hate); repeatable for a
        given `random_state`. Returns (coef, intercept) over all LABELS.
        """
        import warnings

        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import SGDClassifier

        model = SGDClassifier(
            loss="log_loss",
            alpha=self.alpha,
            class_weight=self.class_weight,
            max_iter=self.max_iter,
            tol=1e-4,
            average=True,
            random_state=self.random_state,
        )
        with warnings.catch_warnings():
            # Averaged SGD is usually stopped by max_iter, by design here.
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(matrix, labels)
        coef = np.zeros((len(LABELS), matrix.shape[1]), dtype=np.float32)
        intercept = np.full(len(LABELS), -30.0, dtype=np.float32)  # absent label
        if len(model.classes_) == 2:  # one binary model: the second class's score
            negative, positive = (LABELS.index(c) for c in model.classes_)
            coef[positive], intercept[positive] = model.coef_[0], model.intercept_[0]
            coef[negative], intercept[negative] = -model.coef_[0], -model.intercept_[0]
        else:  # one model per class (one-vs-rest)
            for row, label in enumerate(model.classes_):
                coef[LABELS.index(label)] = model.coef_[row]
                intercept[LABELS.index(label)] = model.intercept_[row]
        # Kept as stored (float16): the model scored after training is the one
        # loaded later, and scoring moves half the bytes.
        return coef.astype(np.float16), intercept  # (labels, buckets), as sklearn

    # -- scoring --------------------------------------------------------------

    def predict_proba(
        self, texts: Sequence[str], langs: Sequence[str] | None = None
    ) -> np.ndarray:
        """Probabilities of LABELS; languages are detected when not given."""
        batch = Featuriser(self.bits).transform(texts)
        if langs is None and self.lang_models_:
            langs = detect_languages(texts, batch.norms)
        return self.proba_of(batch, langs)

    def proba_of(self, batch: Batch, langs: Sequence[str] | None = None) -> np.ndarray:
        proba = _one_vs_rest(batch.scores(self.coef_, self.idf_) + self.intercept_)
        if langs is None:
            return proba
        languages = np.asarray(langs)
        for lang, (coef, intercept) in self.lang_models_.items():
            rows = np.flatnonzero(languages == lang)
            if rows.size:
                own = batch.scores(coef, self.idf_, rows=rows)[rows] + intercept
                proba[rows] = (proba[rows] + _one_vs_rest(own)) / 2
        return proba

    def decide(self, proba: np.ndarray, langs: Sequence[str]) -> list[str]:
        """Labels from probabilities with each language's thresholds."""
        return decide(proba, langs, self.thresholds_)

    def predict(self, texts: Sequence[str], langs: Sequence[str]) -> list[str]:
        return self.decide(self.predict_proba(texts, langs), langs)

    # -- explanations -----------------------------------------------------------

    def explain(
        self, text: str, *, lang: str | None = None, top: int = 5
    ) -> list[Evidence]:
        """The words that pushed the text most towards hate or offensive.

        Each word's share sums its character n-grams, the word itself, its stem
        and half of each word pair it is in, in the shared model and the
        language's (averaged, as the scores are); words are shown as in the text.
        """
        featuriser = Featuriser(self.bits)
        batch = featuriser.transform([text])
        if lang is None:
            lang = detect_languages([text], batch.norms)[0]
        proba = self.proba_of(batch, [lang])[0]
        category = "hate" if proba[0] >= proba[1] else "offensive"
        column, none = LABELS.index(category), LABELS.index("none")
        values = batch.values(self.idf_)
        scale = {  # value / idf of any occurrence is its block's scale
            int(block): float(values[i] / self.idf_[batch.buckets[i]])
            for block, i in zip(
                *np.unique(batch.blocks, return_index=True), strict=True
            )
        }
        spans = word_spans(text, batch.norms[0])
        items = list(featuriser.word_buckets(batch.norms[0]))
        # Only the buckets this text uses: the whole 2^21 row in float16 took
        # 60 ms a text. Same float16 arithmetic, so the same weights as before.
        used = np.array([bucket for _i, bucket, _s, _b in items], dtype=np.int64)
        toward = self.coef_[column, used] - self.coef_[none, used]
        if lang in self.lang_models_:
            own = self.lang_models_[lang][0]
            toward = (toward + own[column, used] - own[none, used]) / 2
        weights: dict[int, float] = {}
        for (index, bucket, share, block), pull in zip(items, toward, strict=True):
            value = float(self.idf_[bucket]) * scale.get(block, 0.0)
            weights[index] = weights.get(index, 0.0) + share * value * float(pull)
        ranked = sorted(weights.items(), key=lambda item: -item[1])
        return [
            Evidence(category, spans[index], round(weight, 4), "feature")
            for index, weight in ranked[:top]
            if weight > 0
        ]

    # -- files ------------------------------------------------------------------

    def save(self, folder: Path, **metadata: Any) -> None:
        """Write `weights.npz` and `model.json`; `metadata` goes into the latter."""
        folder.mkdir(parents=True, exist_ok=True)
        weights = folder / "weights.npz"
        arrays: dict[str, Any] = {
            "coef": self.coef_.astype(np.float16),
            "idf": self.idf_.astype(np.float16),
            "intercept": self.intercept_,
        }
        for lang, (coef, intercept) in sorted(self.lang_models_.items()):
            arrays[f"coef_{lang}"] = coef.astype(np.float16)
            arrays[f"intercept_{lang}"] = intercept
        with weights.open("wb") as handle:
            np.savez_compressed(handle, **arrays)
        described = {
            "format_version": FORMAT_VERSION,
            "kind": "marsad-builtin",
            "labels": list(LABELS),
            "settings": {
                "bits": self.bits,
                "alpha": self.alpha,
                "class_weight": self.class_weight,
                "max_iter": self.max_iter,
                "random_state": self.random_state,
                "min_language_examples": self.min_language_examples,
            },
            "languages": sorted(self.lang_models_),
            "thresholds": {k: list(v) for k, v in sorted(self.thresholds_.items())},
            "weights_sha256": _sha256(weights),
            **metadata,
        }
        (folder / "model.json").write_text(
            json.dumps(described, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, folder: Path) -> "BuiltinClassifier":
        described = _read_description(folder)
        weights = folder / "weights.npz"
        if _sha256(weights) != described.get("weights_sha256"):
            raise ModelError(
                f"{weights}: does not match the checksum in model.json; "
                "the model was changed or damaged, train or copy it again"
            )
        languages = [str(lang) for lang in described.get("languages", [])]
        try:
            with np.load(weights, allow_pickle=False) as arrays:
                coef, idf, intercept = (
                    arrays["coef"],
                    arrays["idf"],
                    arrays["intercept"],
                )
                per_language = {
                    lang: (arrays[f"coef_{lang}"], arrays[f"intercept_{lang}"])
                    for lang in languages
                }
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"{weights}: cannot be read ({exc})") from None
        settings = described.get("settings", {})
        try:
            model = cls(
                bits=int(settings["bits"]),
                alpha=float(settings["alpha"]),
                class_weight=settings["class_weight"],
                max_iter=int(settings["max_iter"]),
                random_state=int(settings["random_state"]),
                min_language_examples=int(settings["min_language_examples"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(
                f"{folder / 'model.json'}: settings incomplete ({exc})"
            ) from None
        shape = (len(LABELS), 1 << model.bits)
        if any(
            c.shape != shape for c in [coef] + [c for c, _ in per_language.values()]
        ):
            raise ModelError(f"{weights}: weights do not have the shape {shape}")
        model.coef_ = coef  # float16 as stored: half the memory traffic of scoring
        model.lang_models_ = {
            lang: (c, i.astype(np.float32)) for lang, (c, i) in per_language.items()
        }
        model.idf_ = idf
        model.intercept_ = intercept.astype(np.float32)
        model.thresholds_ = {
            lang: (float(pair[0]), float(pair[1]))
            for lang, pair in described.get("thresholds", {}).items()
        }
        return model


def _one_vs_rest(logits: np.ndarray) -> np.ndarray:
    """One-vs-rest probabilities, normalised to sum to 1 (as scikit-learn's)."""
    each = 1.0 / (1.0 + np.exp(-np.clip(logits, -50, 50)))
    return each / np.maximum(each.sum(axis=1, keepdims=True), 1e-12)


def _idf(batch: Batch, n_buckets: int) -> np.ndarray:
    """Smoothed inverse document frequency of each bucket (as scikit-learn's)."""
    present = np.unique(batch.rows * n_buckets + batch.buckets) % n_buckets
    df = np.bincount(present, minlength=n_buckets)
    return (np.log((1 + batch.n_texts) / (1 + df)) + 1).astype(np.float32)


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise ModelError(f"{path}: cannot be read ({exc.strerror})") from None


def _read_description(folder: Path) -> dict[str, Any]:
    path = folder / "model.json"
    try:
        described = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ModelError(f"{path}: cannot be read ({exc.strerror})") from None
    except ValueError as exc:
        raise ModelError(f"{path}: is not valid JSON ({exc})") from None
    if not isinstance(described, dict) or described.get("kind") != "marsad-builtin":
        raise ModelError(f"{path}: is not a Marsad built-in model description")
    if described.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{path}: format version {described.get('format_version')!r}, "
            f"this Marsad reads {FORMAT_VERSION}"
        )
    return described
