"""Training the built-in model and measuring it on labelled posts.

`train` fits on the `train` split and tunes each language's thresholds on the
`dev` split; `evaluate` scores a split and returns the figures DESIGN.md names
(overall, per language, per data set, and throughput). Texts are read at run time
and never stored.
"""

import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from marsad.monitor.classify.base import Thresholds, decide
from marsad.monitor.classify.builtin import BuiltinClassifier
from marsad.monitor.classify.data import Example, carve_dev
from marsad.monitor.classify.metrics import scores, scores_by

# Candidate thresholds: P(hate) + P(offensive) for "abusive", hate's share of it.
ABUSIVE_GRID = np.round(np.arange(0.10, 0.91, 0.025), 3)
SHARE_GRID = np.round(np.arange(0.10, 0.91, 0.05), 3)


def train(
    train_set: Sequence[Example],
    dev_set: Sequence[Example],
    *,
    model: BuiltinClassifier | None = None,
) -> BuiltinClassifier:
    """Fit on `train_set`, then tune thresholds per language on `dev_set`.

    Data sets without a dev split lend a tenth of their training posts to it.
    """
    train_set, dev_set = carve_dev(train_set, dev_set)
    if not train_set:
        raise ValueError("no training examples (is there a 'train' split?)")
    model = model or BuiltinClassifier()
    model.fit(
        [e.text for e in train_set],
        [e.label for e in train_set],
        [e.lang for e in train_set],
    )
    if dev_set:
        model.thresholds_ = tune_thresholds(model, dev_set)
    return model


def tune_thresholds(model: Any, dev_set: Sequence[Example]) -> Thresholds:
    """Per language, the thresholds that maximise macro-F1 + abusive F1 on dev.

    `model` is any backend; its own thresholds are left as they are.

    The objective averages over the data sets of that language, so a large set
    does not decide for a small one with another notion of abuse.
    """
    proba = model.predict_proba([e.text for e in dev_set], [e.lang for e in dev_set])
    tuned = {}
    for lang in sorted({e.lang for e in dev_set}):
        rows = [i for i, e in enumerate(dev_set) if e.lang == lang]
        gold = [dev_set[i].label for i in rows]
        sources = [dev_set[i].source for i in rows]
        best = (-1.0, 0.5, 0.5)
        for abusive in ABUSIVE_GRID:
            for share in SHARE_GRID:
                limits = {lang: (float(abusive), float(share))}
                predicted = decide(proba[rows], [lang] * len(rows), limits)
                value = _objective(scores_by(sources, gold, predicted))
                if value > best[0]:
                    best = (value, float(abusive), float(share))
        tuned[lang] = (best[1], best[2])
    return tuned


def _objective(by_source: dict[str, dict[str, Any]]) -> float:
    values = [
        (result["macro_f1"] or 0.0) + (result["abusive_f1"] or 0.0)
        for result in by_source.values()
    ]
    return float(np.mean(values))


def evaluate(model: Any, examples: Sequence[Example]) -> dict[str, Any]:
    """Figures for `examples`: overall, by language, by data set, posts per second.

    `model` is any backend (`predict_proba` and `decide`). Speed is measured on
    the whole scoring path (normalising, features, model, thresholds), here.
    """
    texts = [e.text for e in examples]
    langs = [e.lang for e in examples]
    start = time.perf_counter()
    predicted = model.decide(model.predict_proba(texts, langs), langs)
    elapsed = time.perf_counter() - start
    gold = [e.label for e in examples]
    return {
        "overall": scores(gold, predicted),
        "by_lang": scores_by(langs, gold, predicted),
        "by_source": scores_by([e.source for e in examples], gold, predicted),
        "posts_per_second": round(len(texts) / elapsed) if elapsed > 0 else None,
    }
