"""Classifier speed: texts per second, one core and two, and alt-profanity-check.

    .venv/bin/python benchmarks/classify.py [--n 200000] [--model DIR] [--data DIR]

Takes N texts from the labelled sets in shared/data/hate (all three languages,
repeated to make up N), scores them with the built-in model (the shipped one, or
--model) the way the pipeline does (normalise, features, model, thresholds), in
batches of 5,000, first in this process, then split over two processes. Then it
times alt-profanity-check and the built-in model on the same English texts.
Texts are read at run time and never stored.
"""

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from marsad.monitor.classify.data import read_examples
from marsad.monitor.classify.scorer import load_backend

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "hate"
BATCH = 5_000


def score_all(texts: list[str], langs: list[str], model_dir: Path | None) -> float:
    """Seconds to score `texts` in batches (model loading not counted)."""
    model = load_backend("builtin", model_dir)
    start = time.perf_counter()
    for first in range(0, len(texts), BATCH):
        chunk = texts[first : first + BATCH]
        model.decide(model.predict_proba(chunk), langs[first : first + BATCH])
    return time.perf_counter() - start


def two_processes(texts: list[str], langs: list[str], model_dir: Path | None) -> float:
    half = len(texts) // 2
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        pool.submit(score_all, texts[:BATCH], langs[:BATCH], model_dir).result()
        # Both workers have started and loaded; time the real work only.
        start = time.perf_counter()
        parts = [
            pool.submit(score_all, texts[:half], langs[:half], model_dir),
            pool.submit(score_all, texts[half:], langs[half:], model_dir),
        ]
        for part in parts:
            part.result()
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    examples = read_examples(sorted(args.data.glob("*.jsonl*")))
    repeated = (examples * (args.n // len(examples) + 1))[: args.n]
    texts, langs = [e.text for e in repeated], [e.lang for e in repeated]
    counts = {lang: langs.count(lang) for lang in sorted(set(langs))}
    print(f"{len(texts):,} texts ({counts})")

    one = score_all(texts, langs, args.model)
    print(f"built-in, one core:  {len(texts) / one:>9,.0f} texts/s")
    two = two_processes(texts, langs, args.model)
    print(
        f"built-in, two cores: {len(texts) / two:>9,.0f} texts/s "
        f"({one / two:.2f}x one core)"
    )

    english = [e.text for e in examples if e.lang == "en"]
    ours = score_all(english, ["en"] * len(english), args.model)
    try:
        from profanity_check import predict_prob
    except ImportError:
        print("alt-profanity-check is not installed: pip install alt-profanity-check")
        return
    start = time.perf_counter()
    for first in range(0, len(english), BATCH):
        predict_prob(english[first : first + BATCH])
    theirs = time.perf_counter() - start
    print(
        f"English only ({len(english):,} texts): built-in "
        f"{len(english) / ours:,.0f} texts/s, alt-profanity-check "
        f"{len(english) / theirs:,.0f} texts/s (built-in is {theirs / ours:.2f}x "
        "as fast)"
    )


if __name__ == "__main__":
    main()
