"""Connectors: one module per `--format`, each a `parse(path, *, source, mapping)`.

`FORMATS` maps format names to dotted module paths, as pluggable parts are
registered elsewhere (STYLE.md §1); `detect_format` looks at a file's content.
Imports no Django: connectors run in pipeline workers too.
"""

import importlib
import re
from pathlib import Path
from types import ModuleType

from marsad.monitor.connectors.base import FileRejectedError, open_binary

FORMATS: dict[str, str] = {
    "jsonl": "marsad.monitor.connectors.jsonl",
    "csv": "marsad.monitor.connectors.csv",
    "x-archive": "marsad.monitor.connectors.x_archive",
    "x-api": "marsad.monitor.connectors.x_api",
    "telegram": "marsad.monitor.connectors.telegram",
    "meta-csv": "marsad.monitor.connectors.meta_csv",
    "youtube": "marsad.monitor.connectors.youtube",
    "mastodon": "marsad.monitor.connectors.mastodon",
    "bluesky": "marsad.monitor.connectors.bluesky",
    "rss": "marsad.monitor.connectors.rss",
}
# Content signatures in the first 64 KB, checked in order (first match wins).
SIGNATURES: list[tuple[str, re.Pattern[bytes]]] = [
    ("x-archive", re.compile(rb"^window\.YTD\.")),
    (
        "rss",
        re.compile(rb"^(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S),
    ),
    ("youtube", re.compile(rb'"kind"\s*:\s*"youtube#commentThread')),
    ("telegram", re.compile(rb'"messages"\s*:\s*\[')),
    ("bluesky", re.compile(rb'"uri"\s*:\s*"at://')),
    ("mastodon", re.compile(rb'"acct"\s*:')),
    (
        "x-api",
        re.compile(rb'"data"\s*:\s*\[.*"(edit_history_tweet_ids|author_id)"', re.S),
    ),
    (
        "meta-csv",
        re.compile(rb"^[^\n]*(Post Created|post_owner\.|creation_time)[^\n]*\n"),
    ),
]


def connector(fmt: str) -> ModuleType:
    try:
        return importlib.import_module(FORMATS[fmt])
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(
            f"unknown format {fmt!r}; use auto or one of: {known}"
        ) from None


def detect_format(path: Path) -> str:
    """Recognise a file's format from its content, not its name."""
    with open_binary(path) as handle:  # refuses missing, empty and binary files
        head = handle.read(65536).removeprefix(b"\xef\xbb\xbf").lstrip()
    for fmt, signature in SIGNATURES:
        if signature.search(head):
            return fmt
    first = head.split(b"\n", 1)[0].strip()
    if first.startswith(b"{") and first.endswith(b"}"):
        return "jsonl"
    if first.startswith((b"{", b"[", b"<")):
        raise FileRejectedError(
            str(path), "is in a format Marsad does not recognise; pass --format"
        )
    return "csv"
