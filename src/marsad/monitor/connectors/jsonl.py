"""Generic JSON Lines: one post per line, field names as in `mapping.ALIASES`.

`parse` streams a file; `parse_lines` reads a slice of its lines, so that large
files are parsed a batch at a time by several processes (see `ingest`).
"""

from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import orjson

from marsad.monitor.connectors.base import (
    FileRejectedError,
    Parsed,
    RecordError,
    Rejected,
    open_binary,
)
from marsad.monitor.connectors.mapping import Mapping, Resolver
from marsad.monitor.connectors.records import post_from_record

FORMAT = "jsonl"


def parse(path: Path, *, source: str, mapping: Mapping | None = None) -> Parsed:
    """Stream posts line by line; memory stays flat whatever the file's size."""
    with open_binary(path) as handle:
        for first_line, lines in line_batches(handle, 5000):
            yield from parse_lines(
                lines,
                name=str(path),
                first_line=first_line,
                source=source,
                mapping=mapping,
            )


def line_batches(handle: BinaryIO, size: int) -> Iterator[tuple[int, list[bytes]]]:
    """(number of the first line, up to `size` lines) until the file ends."""
    first_line = 1
    while lines := list(islice(handle, size)):
        yield first_line, lines
        first_line += len(lines)


def parse_lines(
    lines: Sequence[bytes],
    *,
    name: str,
    first_line: int,
    source: str,
    mapping: Mapping | None = None,
) -> Parsed:
    """Posts of `lines`, the file's lines from number `first_line` on.

    The file as a whole is refused only for what its start shows: line 1 is not
    JSON, or the first JSON value is not an object (a JSON array file, say).
    """
    resolver = Resolver(mapping or Mapping())
    at_start = first_line == 1
    for lineno, read_line in enumerate(lines, start=first_line):
        line = read_line.removeprefix(b"\xef\xbb\xbf") if lineno == 1 else read_line
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            if lineno == 1:
                raise FileRejectedError(
                    name, "is not JSON Lines (line 1 is not JSON)"
                ) from None
            yield Rejected(name, lineno, f"is not valid JSON ({exc.msg})")
            continue
        if at_start and not isinstance(record, dict):
            kind = type(record).__name__
            raise FileRejectedError(
                name, f"is not JSON Lines (line 1 is a JSON {kind})"
            )
        at_start = False
        try:
            raw = line.decode("utf-8").strip()
            post = post_from_record(record, resolver, raw=raw)
        except (RecordError, UnicodeDecodeError) as exc:
            yield Rejected(name, lineno, str(exc))
            continue
        post.source = source
        yield post
