"""Classifier quality: the built-in model against the plain baseline, per data set.

    .venv/bin/python benchmarks/classify_quality.py [--data DIR] [--skip-loo]

In one run, on shared/data/hate: trains the plain baseline (classify_baseline.py)
and the built-in model on every `train` split (the model also tunes its thresholds
on `dev`), scores both on every `test` split, prints macro-F1 and abusive-vs-none
F1 per data set and per language with the differences, the Hebrew test splits
combined, alt-profanity-check on the English sets, and then, for every data set,
the model trained on all the others and tested on it (leave one out). Markdown
tables, ready for the model card. Texts are read at run time and never stored.
"""

import argparse
import time
from pathlib import Path

from classify_baseline import baseline_predictions

from marsad.monitor.classify.builtin import BuiltinClassifier
from marsad.monitor.classify.data import Example, read_examples
from marsad.monitor.classify.metrics import scores, scores_by
from marsad.monitor.classify.training import train

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "hate"


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def model_predictions(
    train_set: list[Example], dev_set: list[Example], test: list[Example]
) -> list[str]:
    model = train(train_set, dev_set, model=BuiltinClassifier())
    return model.predict([e.text for e in test], [e.lang for e in test])


def compare(test: list[Example], ours: list[str], base: list[str]) -> None:
    gold = [e.label for e in test]
    print(
        "| set | n | macro-F1 model | baseline | diff | abusive-F1 model | "
        "baseline | diff |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    groups = [("source", [e.source for e in test]), ("lang", [e.lang for e in test])]
    for _, keys in groups:
        mine, theirs = scores_by(keys, gold, ours), scores_by(keys, gold, base)
        for name, result in mine.items():
            other = theirs[name]
            print(
                f"| {name} | {result['n']} | {fmt(result['macro_f1'])} | "
                f"{fmt(other['macro_f1'])} | "
                f"{result['macro_f1'] - other['macro_f1']:+.3f} | "
                f"{fmt(result['abusive_f1'])} | {fmt(other['abusive_f1'])} | "
                f"{result['abusive_f1'] - other['abusive_f1']:+.3f} |"
            )


def profanity_check(test: list[Example], ours: list[str]) -> None:
    try:
        from profanity_check import predict
    except ImportError:
        print("alt-profanity-check is not installed")
        return
    english = [i for i, e in enumerate(test) if e.lang == "en"]
    texts = [test[i].text for i in english]
    theirs = ["offensive" if flag else "none" for flag in predict(texts)]
    gold = [test[i].label for i in english]
    sources = [test[i].source for i in english]
    mine = scores_by(sources, gold, [ours[i] for i in english])
    print("\n| English set | abusive-F1 model | alt-profanity-check |")
    print("|---|---:|---:|")
    for name, result in scores_by(sources, gold, theirs).items():
        print(
            f"| {name} | {fmt(mine[name]['abusive_f1'])} | "
            f"{fmt(result['abusive_f1'])} |"
        )


def leave_one_out(examples: list[Example]) -> None:
    print("\n| left out | lang | n | macro-F1 | abusive-F1 |")
    print("|---|---|---:|---:|---:|")
    for source in sorted({e.source for e in examples}):
        rest = [e for e in examples if e.source != source]
        held = [e for e in examples if e.source == source]
        test = [e for e in held if e.split == "test"] or [
            e for e in held if e.split == "dev"
        ]
        predicted = model_predictions(
            [e for e in rest if e.split == "train"],
            [e for e in rest if e.split == "dev"],
            test,
        )
        result = scores([e.label for e in test], predicted)
        print(
            f"| {source} | {test[0].lang} | {result['n']} | "
            f"{fmt(result['macro_f1'])} | {fmt(result['abusive_f1'])} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--skip-loo", action="store_true")
    args = parser.parse_args()
    examples = read_examples(sorted(args.data.glob("*.jsonl*")))
    split = {s: [e for e in examples if e.split == s] for s in ("train", "dev", "test")}
    start = time.perf_counter()
    base = baseline_predictions(split["train"], split["test"])
    print(f"baseline: {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    ours = model_predictions(split["train"], split["dev"], split["test"])
    print(f"model: {time.perf_counter() - start:.0f} s\n")
    compare(split["test"], ours, base)
    hebrew = [i for i, e in enumerate(split["test"]) if e.lang == "he"]
    gold = [split["test"][i].label for i in hebrew]
    print(
        f"\nHebrew test splits combined: abusive-F1 model "
        f"{fmt(scores(gold, [ours[i] for i in hebrew])['abusive_f1'])}, baseline "
        f"{fmt(scores(gold, [base[i] for i in hebrew])['abusive_f1'])}"
    )
    profanity_check(split["test"], ours)
    if not args.skip_loo:
        leave_one_out(examples)


if __name__ == "__main__":
    main()
