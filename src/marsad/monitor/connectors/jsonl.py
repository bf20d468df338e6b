"""Generic JSON Lines: one post per line, field names as in `mapping.ALIASES`."""

from pathlib import Path

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
    resolver = Resolver(mapping or Mapping())
    name = str(path)
    seen_object = False
    with open_binary(path) as handle:
        for lineno, read_line in enumerate(handle, start=1):
            line = read_line.removeprefix(b"\xef\xbb\xbf") if lineno == 1 else read_line
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                if not seen_object and lineno == 1:
                    raise FileRejectedError(
                        name, "is not JSON Lines (line 1 is not JSON)"
                    ) from None
                yield Rejected(name, lineno, f"is not valid JSON ({exc.msg})")
                continue
            if not seen_object and not isinstance(record, dict):
                kind = type(record).__name__
                raise FileRejectedError(
                    name, f"is not JSON Lines (line 1 is a JSON {kind})"
                )
            seen_object = True
            try:
                raw = line.decode("utf-8").strip()
                post = post_from_record(record, resolver, raw=raw)
            except (RecordError, UnicodeDecodeError) as exc:
                yield Rejected(name, lineno, str(exc))
                continue
            post.source = source
            yield post
