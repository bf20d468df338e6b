"""The plain baseline every Marsad classifier must beat (issue: classifier quality).

    .venv/bin/python benchmarks/classify_baseline.py [--data DIR]

Character 2-5-gram TF-IDF + logistic regression (class_weight="balanced"), one
model for all languages, trained on every `train` split in shared/data/hate and
scored on each data set's `test` split with Marsad's own metrics. Prints macro-F1
and abusive-vs-none F1 per data set and per language, and the Hebrew test splits
combined. Texts are read at run time and never stored.
"""

import argparse
import time
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from marsad.monitor.classify.data import Example, read_examples
from marsad.monitor.classify.metrics import scores, scores_by

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "hate"


def baseline_predictions(train: list[Example], test: list[Example]) -> list[str]:
    """The plain baseline's labels for `test`, trained on `train`."""
    vectoriser = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=2,
        sublinear_tf=True,
        max_features=500_000,
    )
    features = vectoriser.fit_transform([e.text for e in train])
    model = LogisticRegression(class_weight="balanced", max_iter=1000)
    model.fit(features, [e.label for e in train])
    return list(model.predict(vectoriser.transform([e.text for e in test])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    files = sorted(parser.parse_args().data.glob("*.jsonl*"))
    train = read_examples(files, split="train")
    test = read_examples(files, split="test")

    start = time.perf_counter()
    predicted = baseline_predictions(train, test)
    trained = time.perf_counter() - start
    gold = [e.label for e in test]

    print(
        f"trained on {len(train):,} posts in {trained:.0f} s; tested on {len(test):,}"
    )
    for title, groups in (
        ("data set", [e.source for e in test]),
        ("language", [e.lang for e in test]),
    ):
        print(f"{title:<16} {'n':>6} {'macro-F1':>9} {'abusive-F1':>11}")
        for group, result in scores_by(groups, gold, predicted).items():
            print(
                f"{group:<16} {result['n']:>6} {result['macro_f1']:>9.3f} "
                f"{result['abusive_f1']:>11.3f}"
            )
    overall = scores(gold, predicted)
    print(
        f"{'all':<16} {overall['n']:>6} {overall['macro_f1']:>9.3f} "
        f"{overall['abusive_f1']:>11.3f}"
    )


if __name__ == "__main__":
    main()
