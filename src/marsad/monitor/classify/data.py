"""Labelled posts for training and evaluation (the format of shared/data/hate).

One JSON object per line, optionally gzipped: `text`, `lang`, `label` (hate,
offensive or none), `split` (train, dev, test), `source`. Texts are read at run
time and never written anywhere by Marsad.
"""

import gzip
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

LABELS = ("hate", "offensive", "none")
SPLITS = ("train", "dev", "test")


class DataError(ValueError):
    """A labelled file or line is unusable; the message names file and line."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str
    lang: str
    split: str
    source: str
    id: str = ""


def _lines(path: Path) -> Iterator[bytes]:
    opener = gzip.open if path.suffix == ".gz" else Path.open
    try:
        with opener(path, "rb") as handle:
            yield from handle
    except (OSError, EOFError) as exc:
        raise DataError(f"{path}: cannot be read ({exc})") from None


def read_examples(paths: Iterable[Path], *, split: str | None = None) -> list[Example]:
    """Every example of these files (of one split when given), checked line by line."""
    examples = []
    for path in paths:
        for lineno, line in enumerate(_lines(path), start=1):
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise DataError(
                    f"{path}:{lineno}: is not valid JSON ({exc.msg})"
                ) from None
            example = _example(record, where=f"{path}:{lineno}")
            if split is None or example.split == split:
                examples.append(example)
    return examples


def _example(record: object, *, where: str) -> Example:
    if not isinstance(record, dict):
        raise DataError(f"{where}: is not a JSON object")
    label, split = record.get("label"), record.get("split", "train")
    if label not in LABELS:
        raise DataError(f"{where}: label {label!r} is not one of {', '.join(LABELS)}")
    if split not in SPLITS:
        raise DataError(f"{where}: split {split!r} is not one of {', '.join(SPLITS)}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DataError(f"{where}: text is missing")
    return Example(
        text=text,
        label=label,
        lang=str(record.get("lang") or "other"),
        split=split,
        source=str(record.get("source") or "unknown"),
        id=str(record.get("id") or ""),
    )


def carve_dev(
    train: Sequence[Example], dev: Sequence[Example]
) -> tuple[list[Example], list[Example]]:
    """Give every data set a dev split: a tenth of its train split where it has none.

    OLID, for one, comes without a dev split, and thresholds tuned without it
    would follow the other English set's notion of abuse. The tenth is chosen by
    a hash of the example's id (or text), so it is the same on every run.
    """
    with_dev = {e.source for e in dev}
    kept: list[Example] = []
    carved: list[Example] = []
    for example in train:
        key = (example.id or example.text).encode("utf-8")
        chosen = int(hashlib.sha256(key).hexdigest(), 16) % 10 == 0
        (carved if chosen and example.source not in with_dev else kept).append(example)
    return kept, [*dev, *carved]
