"""Generic CSV: a header, then a post per row; UTF-8 (BOM or not) or Windows-1256.

Column names are matched like JSON fields (see `mapping.ALIASES`), case-insensitive;
`--mapping` names the others. The delimiter (comma, semicolon, tab) is sniffed.
"""

import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path

import orjson

from marsad.monitor.connectors.base import (
    FileRejectedError,
    Parsed,
    RecordError,
    Rejected,
    open_binary,
    sniff_encoding,
)
from marsad.monitor.connectors.mapping import Mapping, Resolver
from marsad.monitor.connectors.records import post_from_record

FORMAT = "csv"
csv.field_size_limit(
    min(sys.maxsize, 2**31 - 1)
)  # long posts are fine; MAX_TEXT_CHARS rules


def _dialect(sample: str) -> type[csv.Dialect]:
    """Excel's quoting rules with the delimiter the header row uses."""
    header = sample.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


RowHook = Callable[[dict[str, str]], dict[str, str]]


def parse(
    path: Path,
    *,
    source: str,
    mapping: Mapping | None = None,
    prepare: RowHook | None = None,
) -> Parsed:
    """Stream rows; `prepare` lets a platform format adjust a row (keys lower-cased)."""
    mapping = mapping or Mapping()
    name = str(path)
    with open_binary(path) as binary:
        head = binary.read(65536)
        binary.seek(0)
        encoding = sniff_encoding(path, head)
        text = io.TextIOWrapper(binary, encoding=encoding, newline="")
        try:
            yield from _rows(
                text, name=name, source=source, mapping=mapping, prepare=prepare
            )
        except UnicodeDecodeError:
            raise FileRejectedError(name, f"is not valid {encoding} text") from None
        except csv.Error as exc:
            raise FileRejectedError(
                name, f"is not a readable CSV file ({exc})"
            ) from None


def _rows(
    text: io.TextIOWrapper,
    *,
    name: str,
    source: str,
    mapping: Mapping,
    prepare: RowHook | None,
) -> Parsed:
    sample = text.read(8192)
    text.seek(0)
    reader = csv.reader(text, _dialect(sample))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise FileRejectedError(name, "has no header row")
    columns = [cell.strip().lower() for cell in header]
    wanted = {path.lower() for path in mapping.paths_for("text")}
    if not wanted & set(columns):
        raise FileRejectedError(
            name,
            f"has no text column (columns: {', '.join(header[:12])}); "
            "name it in a mapping file's [fields]",
        )
    resolver = Resolver(
        Mapping(
            fields={k: tuple(p.lower() for p in v) for k, v in mapping.fields.items()},
            defaults=mapping.defaults,
        )
    )
    while True:
        lineno = reader.line_num + 1  # where the row starts; quoted cells span lines
        row = next(reader, None)
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            yield Rejected(
                name, lineno, f"has {len(row)} cells, the header has {len(columns)}"
            )
            continue
        record = dict(zip(columns, row, strict=True))
        if prepare is not None:
            record = prepare(record)
        try:
            post = post_from_record(
                record,
                resolver,
                raw=orjson.dumps(dict(zip(header, row, strict=True))).decode(),
            )
        except RecordError as exc:
            yield Rejected(name, lineno, str(exc))
            continue
        post.source = source
        yield post
