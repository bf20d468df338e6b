"""JSON Lines a batch at a time, column by column: the fast path of `jsonl`.

Most exports are regular: every line an object, the same fields, plain strings
and whole numbers, ISO dates. For such a batch, fields are picked from all
records at once and checked with Arrow, instead of building and checking one
Post at a time, which is most of the cost of ingesting. The result must be
exactly what `jsonl.parse_lines` would store, so this path only takes batches it
is sure about: anything unusual (a bad line, a value to reject, a number where
text is expected, a nested path in the mapping, surrounding spaces, an odd date)
makes it return None, and the batch goes through the record-by-record path,
which gives every rejection its line and reason. A test compares both paths on
generated input.
"""

import sys
from collections.abc import Sequence
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc

from marsad.monitor.connectors.base import MAX_TEXT_CHARS
from marsad.monitor.connectors.mapping import DEFAULT_PLATFORM, Mapping

COLUMNS = {  # Post field -> Arrow type in the parsed table
    "platform": pa.string(),
    "post_id": pa.string(),
    "text": pa.string(),
    "created_at": pa.timestamp("us", tz="UTC"),
    "author_id": pa.string(),
    "author_handle": pa.string(),
    "url": pa.string(),
    "lang": pa.string(),
    "reply_to_id": pa.string(),
    "quote_of_id": pa.string(),
    "repost_of_id": pa.string(),
    "n_likes": pa.int64(),
    "n_shares": pa.int64(),
    "n_replies": pa.int64(),
    "n_views": pa.int64(),
}
_TEXTS = ("author_id", "author_handle", "url", "lang", "reply_to_id", "quote_of_id")
_OPTIONAL = (*_TEXTS, "repost_of_id")
_COUNTS = ("n_likes", "n_shares", "n_replies", "n_views")
# Characters str.strip() removes; a value starting or ending with one is left to
# the record path, which strips it (Arrow's notion of white space differs).
_SPACES = "".join(
    f"\\x{{{c:x}}}" for c in range(sys.maxunicode + 1) if chr(c).isspace()
)
_PADDED = f"^[{_SPACES}]|[{_SPACES}]$"
_AWARE = (
    r"^\d{4}-\d{2}-\d{2}[T ](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3}|\.\d{6})?"
    r"(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$"
)
_NAIVE = r"^\d{4}-\d{2}-\d{2}[T ](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3}|\.\d{6})?$"


class _UnsureError(Exception):
    """This batch is for the record-by-record path."""


def parse_batch(
    lines: Sequence[bytes], *, first_line: int, mapping: Mapping | None = None
) -> pa.Table | None:
    """The batch's posts as a table (COLUMNS plus `raw`), or None if unsure.

    `first_line` 1 is never taken (the file's start decides whether the whole file
    is refused). Absent optional fields are null; hashtags, mentions and links
    are left to the text analysis, as the record path leaves them.
    """
    mapping = mapping or Mapping()
    if first_line == 1 or _nested(mapping) or "hashtags" in mapping.fields:
        return None
    kept = [line.strip() for line in lines]
    kept = [line for line in kept if line]
    try:
        records = [orjson.loads(line) for line in kept]
        if not records or any(type(record) is not dict for record in records):
            return None
        if any("hashtags" in record for record in records[:1]):
            return None
        present = set().union(*records)
        columns = {name: _field(records, name, mapping, present) for name in COLUMNS}
        columns["raw"] = pa.array(kept, pa.binary()).cast(pa.string())
    except (
        _UnsureError,
        orjson.JSONDecodeError,
        pa.ArrowException,
        TypeError,
        ValueError,
        OverflowError,
    ):
        return None
    return pa.table(columns)


def _nested(mapping: Mapping) -> bool:
    return any("." in path for paths in mapping.fields.values() for path in paths)


def _field(
    records: list[dict[str, Any]], name: str, mapping: Mapping, present: set[str]
) -> pa.Array:
    """The field's value in every record: its first non-empty alias, else default.

    `present` holds every key any record has: aliases no record uses are skipped.
    """
    chosen: pa.Array | None = None
    for key in mapping.paths_for(name):
        if key not in present:
            continue
        column = pa.array([record.get(key) for record in records])
        if pa.types.is_null(column.type):
            continue
        column = _checked(column, name)
        chosen = column if chosen is None else pc.coalesce(chosen, column)
    if name in mapping.defaults:
        if name not in _OPTIONAL and name != "platform":
            raise _UnsureError
        default = _checked(pa.array([mapping.defaults[name]], pa.string()), name)[0]
        if not default.is_valid:
            raise _UnsureError
        chosen = pc.coalesce(
            pa.nulls(len(records), pa.string()) if chosen is None else chosen, default
        )
    return _finished(chosen, name, len(records))


def _checked(column: pa.Array, name: str) -> pa.Array:
    """One alias's column, with "" as absent; raises `_UnsureError` for anything odd."""
    if name in _COUNTS:
        if not pa.types.is_integer(column.type) or pc.any(pc.less(column, 0)).as_py():
            raise _UnsureError
        return column.cast(pa.int64())
    if pa.types.is_integer(column.type) and name not in ("text", "created_at"):
        column = column.cast(pa.string())  # ids written as numbers
    if not pa.types.is_string(column.type):
        raise _UnsureError
    empty = pc.equal(column, "")
    column = pc.if_else(empty, pa.scalar(None, pa.string()), column)
    if pc.any(pc.match_substring_regex(column, _PADDED)).as_py():
        raise _UnsureError
    return column


def _finished(column: pa.Array | None, name: str, n: int) -> pa.Array:
    """Checks the record path would make, and the final form of the field."""
    if column is None:
        if name in ("post_id", "text", "created_at"):
            raise _UnsureError  # the record path rejects posts without them
        if name == "platform":
            return pa.array([DEFAULT_PLATFORM] * n, pa.string())
        return pa.nulls(n, COLUMNS[name])
    if name in ("post_id", "text", "created_at") and column.null_count:
        raise _UnsureError
    if name == "post_id" and pc.any(pc.greater(pc.utf8_length(column), 200)).as_py():
        raise _UnsureError
    if name == "text":
        too_long = pc.greater(pc.utf8_length(column), MAX_TEXT_CHARS)
        if (
            pc.any(too_long).as_py()
            or pc.any(pc.match_substring(column, "\x00")).as_py()
        ):
            raise _UnsureError
    if name == "platform":
        if not pc.all(pc.fill_null(pc.string_is_ascii(column), True)).as_py():
            raise _UnsureError
        return pc.fill_null(pc.ascii_lower(column), DEFAULT_PLATFORM)
    if name == "created_at":
        return _timestamps(column)
    return column.cast(COLUMNS[name])


def _timestamps(column: pa.Array) -> pa.Array:
    """ISO 8601 texts, all with an offset or all without (taken as UTC)."""
    if pc.all(pc.match_substring_regex(column, _AWARE)).as_py():
        return column.cast(pa.timestamp("us", tz="UTC"))
    if pc.all(pc.match_substring_regex(column, _NAIVE)).as_py():
        return column.cast(pa.timestamp("us")).cast(pa.timestamp("us", tz="UTC"))
    raise _UnsureError
