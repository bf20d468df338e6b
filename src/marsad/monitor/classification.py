"""Classification with this installation's settings; CLI, API and pipeline call these.

The active scorer (backend, model, thresholds, lexicon: see the MARSAD_CLASSIFIER_*
settings) is loaded once per process and reused.
"""

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings

from marsad import __version__
from marsad.monitor.classify.builtin import BuiltinClassifier
from marsad.monitor.classify.data import read_examples
from marsad.monitor.classify.scorer import Scorer, Verdict, load_backend
from marsad.monitor.classify.training import evaluate, train
from marsad.monitor.pipeline import ScorerSpec, build_scorer


def active_spec() -> ScorerSpec:
    """The scorer the MARSAD_CLASSIFIER_* and MARSAD_LEXICON settings name."""
    return ScorerSpec(
        backend=settings.MARSAD_CLASSIFIER_BACKEND,
        model=settings.MARSAD_CLASSIFIER_MODEL,
        thresholds=tuple(sorted(settings.MARSAD_CLASSIFIER_THRESHOLDS.items())),
        lexicon=settings.MARSAD_LEXICON,
    )


def active_scorer() -> Scorer:
    return build_scorer(active_spec())


def classify_texts(
    texts: Sequence[str], langs: Sequence[str] | None = None
) -> list[Verdict]:
    return active_scorer().classify(texts, langs)


def train_model(
    data: Sequence[Path], *, out: Path, seed: int = 0, bits: int = 21
) -> dict[str, Any]:
    """Train on the files' train splits, tune on dev, score on test, save to `out`.

    `model.json` records the data sets and their sizes, the test figures and the
    date, which the model card quotes.
    """
    examples = read_examples(data)
    by_split = {
        split: [e for e in examples if e.split == split]
        for split in ("train", "dev", "test")
    }
    model = train(
        by_split["train"],
        by_split["dev"],
        model=BuiltinClassifier(bits=bits, random_state=seed),
    )
    sizes: dict[str, dict[str, int]] = {}
    for example in examples:
        counts = sizes.setdefault(example.source, {"train": 0, "dev": 0, "test": 0})
        counts[example.split] += 1
    test = evaluate(model, by_split["test"]) if by_split["test"] else None
    metadata = {
        "trained_at": dt.datetime.now(dt.UTC).date().isoformat(),
        "marsad_version": __version__,
        "trained_on": [path.name for path in data],
        "sizes": sizes,
        "test": test,
    }
    model.save(out, **metadata)
    return {"model": str(out), "thresholds": model.thresholds_, **metadata}


def evaluate_model(
    data: Sequence[Path], *, model_path: Path | None, split: str = "test"
) -> dict[str, Any]:
    """Figures of a built-in model folder (default: the active one) on a split."""
    examples = read_examples(data, split=split)
    if not examples:
        raise ValueError(f"no {split!r} examples in {', '.join(map(str, data))}")
    if model_path is None:
        model = active_scorer().model
    else:
        model = load_backend("builtin", model_path)
    return evaluate(model, examples)
