"""A transformer classifier exported to ONNX, loaded from a local folder.

The folder holds `model.onnx` (inputs `input_ids` and `attention_mask`, output
logits of shape batch x labels), the `tokenizer.json` of the Hugging Face
`tokenizers` library, and `config.json` with `id2label` (as transformers writes
it; labels are mapped to hate, offensive and none, e.g. "OFF" → offensive) and,
optionally, `max_length` and Marsad's per-language `thresholds`. Nothing is
downloaded: a folder that lacks a file is refused with the file's name.
onnxruntime and tokenizers load only here (`pip install 'marsad[onnx]'`).
"""

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from marsad.monitor.classify.base import LABELS, Evidence, Thresholds, decide

# Label names seen in exported hate/offence models, mapped to Marsad's.
LABEL_NAMES = {
    "hate": "hate",
    "hateful": "hate",
    "hs": "hate",
    "offensive": "offensive",
    "off": "offensive",
    "abusive": "offensive",
    "toxic": "offensive",
    "none": "none",
    "not": "none",
    "normal": "none",
    "neither": "none",
    "not_off": "none",
    "non-hate": "none",
}


class OnnxModelError(ValueError):
    """The model folder is incomplete or its files do not fit together."""


class OnnxClassifier:
    """Scores with an ONNX session; `classes_` follows Marsad's labels."""

    classes_ = LABELS
    columns_: dict[int, str]
    max_length_: int
    thresholds_: Thresholds
    tokenizer_: Any
    session_: Any

    def __init__(self, *, batch_size: int = 32) -> None:
        self.batch_size = batch_size

    @classmethod
    def load(cls, folder: Path) -> "OnnxClassifier":
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError:
            raise OnnxModelError(
                "the onnx backend needs onnxruntime and tokenizers: "
                "pip install 'marsad[onnx]'"
            ) from None
        paths = {name: folder / name for name in ("model.onnx", "tokenizer.json")}
        for path in [*paths.values(), folder / "config.json"]:
            if not path.is_file():
                raise OnnxModelError(f"{path}: missing (nothing is downloaded)")
        config = _read_config(folder / "config.json")
        model = cls()
        model.columns_ = _label_columns(config, folder)
        model.max_length_ = int(config.get("max_length", 128))
        model.thresholds_ = {
            lang: (float(pair[0]), float(pair[1]))
            for lang, pair in config.get("thresholds", {}).items()
        }
        model.tokenizer_ = Tokenizer.from_file(str(paths["tokenizer.json"]))
        model.tokenizer_.enable_truncation(model.max_length_)
        model.tokenizer_.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # one core per process, like the others
        model.session_ = onnxruntime.InferenceSession(
            str(paths["model.onnx"]), options, providers=["CPUExecutionProvider"]
        )
        return model

    def predict_proba(
        self, texts: Sequence[str], langs: Sequence[str] | None = None
    ) -> np.ndarray:
        """Probabilities of LABELS (the model reads every language alike)."""
        rows = [
            self._proba_batch(texts[start : start + self.batch_size])
            for start in range(0, len(texts), self.batch_size)
        ]
        return np.concatenate(rows) if rows else np.zeros((0, len(LABELS)))

    def _proba_batch(self, texts: Sequence[str]) -> np.ndarray:
        encoded = self.tokenizer_.encode_batch(list(texts))
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        (logits,) = self.session_.run(None, {"input_ids": ids, "attention_mask": mask})
        logits = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        model_proba = exp / exp.sum(axis=1, keepdims=True)
        proba = np.zeros((len(texts), len(LABELS)))
        for column, label in self.columns_.items():
            proba[:, LABELS.index(label)] += model_proba[:, column]
        return proba

    def decide(self, proba: np.ndarray, langs: Sequence[str]) -> list[str]:
        return decide(proba, langs, self.thresholds_)

    def explain(
        self, text: str, *, lang: str | None = None, top: int = 5
    ) -> list[Evidence]:
        """Words whose removal lowers the abusive probability most (occlusion)."""
        words = text.split()
        if not words:
            return []
        variants = [text] + [
            " ".join(words[:i] + words[i + 1 :]) for i in range(len(words))
        ]
        proba = self.predict_proba(variants)
        category = "hate" if proba[0, 0] >= proba[0, 1] else "offensive"
        abusive = proba[:, 0] + proba[:, 1]
        drops = abusive[0] - abusive[1:]
        ranked = np.argsort(-drops)[:top]
        return [
            Evidence(category, words[i], round(float(drops[i]), 4), "feature")
            for i in ranked.tolist()
            if drops[i] > 0
        ]


def _read_config(path: Path) -> dict[str, Any]:
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise OnnxModelError(f"{path}: cannot be read ({exc})") from None
    if not isinstance(config, dict):
        raise OnnxModelError(f"{path}: is not a JSON object")
    return config


def _label_columns(config: dict[str, Any], folder: Path) -> dict[int, str]:
    """Model output column -> Marsad label, from `id2label`."""
    id2label = config.get("id2label")
    if not isinstance(id2label, dict) or not id2label:
        raise OnnxModelError(f"{folder / 'config.json'}: id2label is missing")
    columns = {}
    for column, name in id2label.items():
        label = LABEL_NAMES.get(str(name).strip().lower())
        if label is None:
            known = ", ".join(sorted(LABEL_NAMES))
            raise OnnxModelError(
                f"{folder / 'config.json'}: label {name!r} is not one Marsad knows "
                f"({known})"
            )
        columns[int(column)] = label
    return columns
