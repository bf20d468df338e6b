"""A batch of parsed posts made ready for the lake: pure computation, no I/O.

Everything here runs in a worker process as well as in the calling one: the text
analysis (normalised form, language, entities, near-duplicate bands), author
pseudonyms, and the Arrow table in the lake's schema. What needs the lake or the
run's state (de-duplication, near-duplicate groups, encryption with the
installation's key) stays in `ingest`. Imports no Django.
"""

import gc
import hashlib
import hmac
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from marsad.monitor import neardup
from marsad.monitor.connectors import connector, jsonl_fast
from marsad.monitor.connectors.base import Post, Rejected
from marsad.monitor.connectors.mapping import Mapping
from marsad.monitor.lake import POST_SCHEMA, SCHEMA_VERSION
from marsad.monitor.text.langid import detect_languages
from marsad.monitor.text.normalise import (
    extract_hashtags,
    extract_mentions,
    extract_urls,
    normalise,
)

KNOWN_LANGUAGES = frozenset({"ar", "he", "en"})
# Fields a connector gives, as parsed; the others come from the analysis.
_PARSED = [
    (f.name, f.type)
    for f in POST_SCHEMA
    if f.name not in {"schema_version", "text_norm", "near_dup_of", "source"}
]
_ENTITIES = {
    "hashtags": extract_hashtags,
    "mentions": extract_mentions,
    "urls": extract_urls,
}
# Parsed fields copied as they are into the lake's columns of the same name.
_COPIED = [name for name, _ in _PARSED if name not in _ENTITIES]


@dataclass
class Prepared:
    """One batch, ready for the lake but for de-duplication and near-copy groups."""

    table: pa.Table  # POST_SCHEMA, `near_dup_of` still empty
    docs: np.ndarray  # near-duplicate band keys: row index, key (see neardup)
    keys: np.ndarray
    rejected: list[Rejected]
    n_read: int


def pseudonym(value: str, key: bytes) -> str:
    """A stable stand-in for an account: same input, same key, same pseudonym."""
    return (
        "anon-" + hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:20]
    )


def prepare_items(
    items: Sequence[Post | Rejected], *, source: str, pseudonym_key: bytes | None
) -> Prepared:
    """Analyse the posts among `items` and lay them out as a lake table."""
    posts = [item for item in items if isinstance(item, Post)]
    return prepare_table(
        parsed_table(posts),
        source=source,
        pseudonym_key=pseudonym_key,
        rejected=[item for item in items if isinstance(item, Rejected)],
        n_read=len(items),
    )


def prepare_table(
    parsed: pa.Table,
    *,
    source: str,
    pseudonym_key: bytes | None,
    rejected: list[Rejected],
    n_read: int,
) -> Prepared:
    """Analyse parsed posts (a table of Post fields) into the lake's schema.

    Language is detected where the export gave none of ar/he/en; hashtags,
    mentions and links are extracted where it gave none.
    """
    texts = parsed["text"].to_pylist()
    norms = [normalise(text) for text in texts]
    langs = parsed["lang"].to_pylist()
    missing = [i for i, lang in enumerate(langs) if lang not in KNOWN_LANGUAGES]
    found = detect_languages([texts[i] for i in missing], [norms[i] for i in missing])
    for i, lang in zip(missing, found, strict=True):
        langs[i] = lang
    columns: dict[str, Any] = {name: parsed[name] for name in _COPIED}
    for name, extract in _ENTITIES.items():
        given = parsed[name].to_pylist() if name in parsed.column_names else None
        columns[name] = [
            (given and given[i]) or extract(text) for i, text in enumerate(texts)
        ]
    if pseudonym_key is not None:
        for name, account in (("author_id", str), ("author_handle", _handle)):
            columns[name] = [
                value and pseudonym(account(value), pseudonym_key)
                for value in parsed[name].to_pylist()
            ]
    n = parsed.num_rows
    columns.update(
        schema_version=[SCHEMA_VERSION] * n,
        source=[source] * n,
        text_norm=norms,
        lang=langs,
        near_dup_of=pa.nulls(n, pa.string()),
    )
    docs, keys = neardup.band_keys(norms)
    table = pa.table(
        [_column(columns[f.name], f.type) for f in POST_SCHEMA], schema=POST_SCHEMA
    )
    return Prepared(table=table, docs=docs, keys=keys, rejected=rejected, n_read=n_read)


def _column(values: Any, kind: pa.DataType) -> pa.Array | pa.ChunkedArray:
    """Arrow data as it is (cast if need be); Python lists converted."""
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values if values.type == kind else values.cast(kind)
    return pa.array(values, kind)


def _handle(value: str) -> str:
    return value.lstrip("@").lower()


def prepare_file_lines(
    lines: Sequence[bytes],
    *,
    fmt: str,
    path: Path,
    first_line: int,
    source: str,
    mapping: Mapping,
    pseudonym_key: bytes | None,
) -> Prepared:
    """Parse a slice of a line-per-post file (`fmt` has `parse_lines`), then prepare.

    Regular JSON Lines batches take the column-wise fast path (`jsonl_fast`);
    the others are parsed record by record. A `FileRejectedError` raised by the
    parser propagates to the caller.
    """
    if fmt == "jsonl":
        parsed = jsonl_fast.parse_batch(lines, first_line=first_line, mapping=mapping)
        if parsed is not None:
            return prepare_table(
                parsed,
                source=source,
                pseudonym_key=pseudonym_key,
                rejected=[],
                n_read=parsed.num_rows,
            )
    items = connector(fmt).parse_lines(
        lines, name=str(path), first_line=first_line, source=source, mapping=mapping
    )
    with _no_cycle_collection():
        batch = list(items)
    return prepare_items(batch, source=source, pseudonym_key=pseudonym_key)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector while a batch's records are built.

    Tens of thousands of new Post objects make it run again and again over
    objects that form no cycles; that costs a sixth of the parsing time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parsed_table(posts: Sequence[Post]) -> pa.Table:
    """Post fields as columns, before analysis."""
    return pa.table(
        {name: pa.array([getattr(p, name) for p in posts], t) for name, t in _PARSED}
    )
