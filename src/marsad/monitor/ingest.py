"""Ingestion: files in, posts in the lake; idempotent, file by file all-or-nothing.

Per file: parse (streaming), drop what the lake already holds (same platform and
post id, any source), enrich the rest (normalised text, entities, language,
pseudonymised authors when asked), stage Parquet parts, and commit them only when
the whole file was read. A file refused as a whole stores nothing and is reported.
Imports no Django; `marsad.monitor.services.ingest_files` supplies the settings.
"""

import hashlib
import hmac
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

from marsad.monitor import connectors, neardup
from marsad.monitor.connectors.base import FileRejectedError, Post, Rejected
from marsad.monitor.connectors.mapping import Mapping
from marsad.monitor.lake import Lake, StagedPart
from marsad.monitor.text.langid import detect_languages
from marsad.monitor.text.normalise import (
    extract_hashtags,
    extract_mentions,
    extract_urls,
    normalise,
)

BATCH_SIZE = 20_000


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: "IngestSummary") -> None:
        self.read += other.read
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.rejected += other.rejected
        self.errors.extend(other.errors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "errors": self.errors,
        }


@dataclass
class Options:
    source: str
    fmt: str = "auto"
    mapping: Mapping = field(default_factory=Mapping)
    pseudonym_key: bytes | None = None
    protect_raw: Callable[[str], str] | None = None
    batch_size: int = BATCH_SIZE
    workers: int = 1  # 2 pipelines text analysis onto a second core


class KeyIndex:
    """Keys already in the lake, loaded one day at a time, plus those of this run."""

    def __init__(self, lake: Lake) -> None:
        self.lake = lake
        self.by_day: dict[date, set[tuple[str, str]]] = {}

    def seen(self, post: Post) -> bool:
        day = post.created_at.date()
        keys = self.by_day.get(day)
        if keys is None:
            keys = self.by_day[day] = self.lake.keys_for_day(day)
        key = (post.platform, post.post_id)
        if key in keys:
            return True
        keys.add(key)
        return False

    def forget_days(self, days: Iterable[date]) -> None:
        """Reload these days from the lake next time (a refused file touched them)."""
        for day in days:
            self.by_day.pop(day, None)


def pseudonym(value: str, key: bytes) -> str:
    """A stable stand-in for an account: same input, same key, same pseudonym."""
    return (
        "anon-" + hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:20]
    )


@dataclass
class TextAnalysis:
    """What the text of a batch yields: pure computation, so it can run in a worker."""

    norms: list[str]
    langs: list[str | None]  # None where the export already said the language
    hashtags: list[list[str]]
    mentions: list[list[str]]
    urls: list[list[str]]
    docs: np.ndarray  # near-duplicate band keys: post index, key (see neardup)
    keys: np.ndarray


def analyse_texts(texts: list[str], known_langs: list[str | None]) -> TextAnalysis:
    """Normalise, find the language (where unknown), entities and MinHash bands."""
    norms = [normalise(text) for text in texts]
    langs: list[str | None] = list(known_langs)
    missing = [
        i for i, lang in enumerate(known_langs) if lang not in {"ar", "he", "en"}
    ]
    found = detect_languages([texts[i] for i in missing], [norms[i] for i in missing])
    for i, lang in zip(missing, found, strict=True):
        langs[i] = lang
    docs, keys = neardup.band_keys(norms)
    return TextAnalysis(
        norms=norms,
        langs=langs,
        hashtags=[extract_hashtags(text) for text in texts],
        mentions=[extract_mentions(text) for text in texts],
        urls=[extract_urls(text) for text in texts],
        docs=docs,
        keys=keys,
    )


def analyse(posts: Sequence[Post]) -> TextAnalysis:
    return analyse_texts([p.text for p in posts], [p.lang for p in posts])


def apply_analysis(
    posts: Sequence[Post], analysis: TextAnalysis, options: Options
) -> None:
    """Fill language and entities (where the export gave none); pseudonymise."""
    key = options.pseudonym_key
    for i, post in enumerate(posts):
        post.lang = analysis.langs[i]
        post.hashtags = post.hashtags or analysis.hashtags[i]
        post.mentions = post.mentions or analysis.mentions[i]
        post.urls = post.urls or analysis.urls[i]
        if key is not None:
            if post.author_id:
                post.author_id = pseudonym(post.author_id, key)
            if post.author_handle:
                post.author_handle = pseudonym(
                    post.author_handle.lstrip("@").lower(), key
                )
        if options.protect_raw is not None:
            post.raw = options.protect_raw(post.raw)


def mark_near_duplicates(
    posts: Sequence[Post],
    analysis: TextAnalysis,
    lake: Lake,
    staged: Sequence[StagedPart],
) -> list[StagedPart]:
    """Point each near-copy at its group's first post; index the new leaders' bands.

    Returns the staged index part (empty list when no post became a leader).
    """
    docs, keys = analysis.docs, analysis.keys
    if docs.size == 0:
        return []
    pending = [part.tmp for part in staged if part.tmp.parent == lake.near_dup]
    known = lake.near_dup_leaders(np.unique(keys).tolist(), pending)
    own = [f"{post.platform}:{post.post_id}" for post in posts]
    groups, new_keys = neardup.assign_groups(docs, keys, own, known)
    for doc, leader in groups.items():
        posts[doc].near_dup_of = leader
    if not new_keys:
        return []
    return [lake.stage_near_dup_keys(list(new_keys), list(new_keys.values()))]


def _batches(
    items: Iterator[Post | Rejected], size: int
) -> Iterator[list[Post | Rejected]]:
    while batch := list(islice(items, size)):
        yield batch


def ingest_file(
    path: Path, lake: Lake, index: KeyIndex, options: Options
) -> IngestSummary:
    def parsed() -> Iterator[Post | Rejected]:
        fmt = connectors.detect_format(path) if options.fmt == "auto" else options.fmt
        yield from connectors.connector(fmt).parse(
            path, source=options.source, mapping=options.mapping
        )

    return ingest_items(parsed(), lake, index, options)


def _fresh_batches(
    items: Iterator[Post | Rejected],
    index: KeyIndex,
    summary: IngestSummary,
    options: Options,
    touched: set[date],
) -> Iterator[list[Post]]:
    """Batches of posts the lake does not hold yet; counts the rest in `summary`."""
    for batch in _batches(items, options.batch_size):
        fresh = []
        for item in batch:
            summary.read += 1
            if isinstance(item, Rejected):
                summary.rejected += 1
                summary.errors.append(item.as_dict())
            elif index.seen(item):
                summary.duplicates += 1
            else:
                item.source = options.source
                fresh.append(item)
        touched.update(post.created_at.date() for post in fresh)
        if fresh:
            yield fresh


def ingest_items(
    items: Iterator[Post | Rejected], lake: Lake, index: KeyIndex, options: Options
) -> IngestSummary:
    """Store parsed posts all-or-nothing: committed only if `items` ends normally.

    A `FileRejectedError` from `items` discards what was staged and is reported;
    any other exception discards it and propagates. With `options.workers > 1`,
    from the second batch on, text analysis runs in a worker process while this
    process parses the next batch (both cores busy); storing stays in order here.
    """
    summary = IngestSummary()
    staged: list[StagedPart] = []
    touched: set[date] = set()

    def store(posts: list[Post], analysis: TextAnalysis) -> None:
        apply_analysis(posts, analysis, options)
        staged.extend(mark_near_duplicates(posts, analysis, lake, staged))
        staged.extend(lake.stage(posts, analysis.norms))
        summary.stored += len(posts)

    with ExitStack() as stack:
        try:
            pool: Executor | None = None
            waiting: tuple[list[Post], Future[TextAnalysis]] | None = None
            for fresh in _fresh_batches(items, index, summary, options, touched):
                if options.workers <= 1 or (pool is None and not summary.stored):
                    store(fresh, analyse(fresh))
                    continue
                if pool is None:
                    pool = stack.enter_context(_worker_pool())
                future = pool.submit(
                    analyse_texts, [p.text for p in fresh], [p.lang for p in fresh]
                )
                if waiting is not None:
                    store(waiting[0], waiting[1].result())
                waiting = (fresh, future)
            if waiting is not None:
                store(waiting[0], waiting[1].result())
        except FileRejectedError as exc:
            lake.discard(staged)
            index.forget_days(touched)
            return IngestSummary(
                errors=[{"file": exc.file, "line": None, "reason": exc.reason}]
            )
        except BaseException:
            lake.discard(staged)
            raise
    lake.commit(staged)
    return summary


def _worker_pool() -> ProcessPoolExecutor:
    # "spawn": the worker imports only this Django-free module, and forking a
    # process that holds DuckDB or server threads is not safe.
    return ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))


def ingest_stream(
    items: Iterable[Post | Rejected], lake: Lake, options: Options
) -> IngestSummary:
    """Store posts that did not come from a file (a live API), like one file."""
    lake.remove_stale_tmp()
    return ingest_items(iter(items), lake, KeyIndex(lake), options)


def ingest_paths(paths: Sequence[Path], lake: Lake, options: Options) -> IngestSummary:
    """Ingest every file; a failing file is reported and does not stop the others."""
    lake.remove_stale_tmp()
    index = KeyIndex(lake)
    total = IngestSummary()
    for path in paths:
        total.add(ingest_file(path, lake, index, options))
    return total
