"""Labelled posts for training and evaluation (the format of shared/data/hate).

One JSON object per line, optionally gzipped: `text`, `lang`, `label` (hate,
offensive or none), `split` (train, dev, test), `source`. Texts are read at run
time and never written anywhere by Marsad.
"""

import gzip
from collections.abc import Iterable, Iterator
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
    )
