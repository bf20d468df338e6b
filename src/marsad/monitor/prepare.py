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

import numpy as np
import pyarrow as pa

from marsad.monitor import neardup
from marsad.monitor.connectors import connector
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
# Post fields copied as they are into the lake's columns of the same name.
_COPIED = [
    name
    for name in POST_SCHEMA.names
    if name not in {"schema_version", "text_norm", "near_dup_of"}
]


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
    rejected = [item for item in items if isinstance(item, Rejected)]
    texts = [post.text for post in posts]
    norms = [normalise(text) for text in texts]
    missing = [i for i, post in enumerate(posts) if post.lang not in KNOWN_LANGUAGES]
    found = detect_languages([texts[i] for i in missing], [norms[i] for i in missing])
    for i, lang in zip(missing, found, strict=True):
        posts[i].lang = lang
    for post in posts:
        post.source = source
        post.hashtags = post.hashtags or extract_hashtags(post.text)
        post.mentions = post.mentions or extract_mentions(post.text)
        post.urls = post.urls or extract_urls(post.text)
    if pseudonym_key is not None:
        _pseudonymise(posts, pseudonym_key)
    docs, keys = neardup.band_keys(norms)
    return Prepared(
        table=posts_table(posts, norms),
        docs=docs,
        keys=keys,
        rejected=rejected,
        n_read=len(items),
    )


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

    A `FileRejectedError` raised by the parser propagates to the caller.
    """
    parsed = connector(fmt).parse_lines(
        lines, name=str(path), first_line=first_line, source=source, mapping=mapping
    )
    with _no_cycle_collection():
        items = list(parsed)
    return prepare_items(items, source=source, pseudonym_key=pseudonym_key)


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


def _pseudonymise(posts: Sequence[Post], key: bytes) -> None:
    for post in posts:
        if post.author_id:
            post.author_id = pseudonym(post.author_id, key)
        if post.author_handle:
            post.author_handle = pseudonym(post.author_handle.lstrip("@").lower(), key)


def posts_table(posts: Sequence[Post], norms: Sequence[str]) -> pa.Table:
    columns: dict[str, list[object]] = {
        name: [getattr(post, name) for post in posts] for name in _COPIED
    }
    columns["schema_version"] = [SCHEMA_VERSION] * len(posts)
    columns["text_norm"] = list(norms)
    columns["near_dup_of"] = [None] * len(posts)
    return pa.Table.from_pydict(columns, schema=POST_SCHEMA)
