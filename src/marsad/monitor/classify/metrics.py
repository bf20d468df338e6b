"""Evaluation figures for labelled posts: per label, macro, abusive-vs-none; by group.

Defined as in the literature the data sets come from: macro-F1 averages the F1 of
hate, offensive and none; the binary figure treats hate or offensive as "abusive"
and reports the F1 of that class. Macro-F1 averages over the labels that occur in
the gold standard of the set scored: Let-Mi has no "offensive" and OLID no "hate",
and a model predicting such a label there is already punished in the precision of
the labels it took posts from. A label absent from the gold standard gets no F1
(None), only its precision, which is then 0 if it was predicted at all.
"""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from marsad.monitor.classify.data import LABELS

ABUSIVE = frozenset({"hate", "offensive"})


def _prf(true_pos: int, n_predicted: int, n_actual: int) -> dict[str, float | None]:
    precision = true_pos / n_predicted if n_predicted else None
    if not n_actual:
        return {"precision": precision, "recall": None, "f1": None}
    return {
        "precision": precision,
        "recall": true_pos / n_actual,
        "f1": 2 * true_pos / (n_predicted + n_actual),
    }


def scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Per-label precision/recall/F1, macro-F1, abusive-vs-none F1, and n."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted labels differ in length")
    per_label = {}
    for label in LABELS:
        true_pos = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        per_label[label] = _prf(true_pos, predicted.count(label), gold.count(label))
    f1s = [v["f1"] for v in per_label.values() if v["f1"] is not None]
    gold_abusive = [g in ABUSIVE for g in gold]
    pred_abusive = [p in ABUSIVE for p in predicted]
    binary = _prf(
        sum(g and p for g, p in zip(gold_abusive, pred_abusive, strict=True)),
        sum(pred_abusive),
        sum(gold_abusive),
    )
    return {
        "n": len(gold),
        "macro_f1": sum(f1s) / len(f1s) if f1s else None,
        "abusive_f1": binary["f1"],
        "precision": {k: v["precision"] for k, v in per_label.items()},
        "recall": {k: v["recall"] for k, v in per_label.items()},
        "f1": {k: v["f1"] for k, v in per_label.items()},
    }


def scores_by(
    groups: Sequence[str], gold: Sequence[str], predicted: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """`scores` for each group (a language, a data set), groups in sorted order."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        members[group].append(i)
    return {
        group: scores([gold[i] for i in idx], [predicted[i] for i in idx])
        for group, idx in sorted(members.items())
    }
