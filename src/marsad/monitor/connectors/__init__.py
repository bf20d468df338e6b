"""Connectors: one module per `--format`, each a `parse(path, *, source, mapping)`.

`FORMATS` maps format names to dotted module paths, as pluggable parts are
registered elsewhere (STYLE.md §1); `detect_format` looks at a file's content.
Imports no Django: connectors run in pipeline workers too.
"""

import importlib
from pathlib import Path
from types import ModuleType

from marsad.monitor.connectors.base import FileRejectedError

FORMATS: dict[str, str] = {
    "jsonl": "marsad.monitor.connectors.jsonl",
    "csv": "marsad.monitor.connectors.csv",
}


def connector(fmt: str) -> ModuleType:
    try:
        return importlib.import_module(FORMATS[fmt])
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(
            f"unknown format {fmt!r}; use auto or one of: {known}"
        ) from None


def detect_format(path: Path) -> str:
    """Recognise a file's format from its first line, not its name."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(1_000_000)
            while first and not first.strip():
                first = handle.readline(1_000_000)
    except OSError as exc:
        reason = f"cannot be read ({exc.strerror or exc})"
        raise FileRejectedError(str(path), reason) from None
    first = first.removeprefix(b"\xef\xbb\xbf").strip()
    if not first:
        raise FileRejectedError(str(path), "is empty")
    if first.startswith(b"{") and first.endswith(b"}"):
        return "jsonl"
    if first.startswith((b"{", b"[", b"<", b"window.")):
        raise FileRejectedError(
            str(path), "is in a format Marsad does not recognise yet; pass --format"
        )
    return "csv"
