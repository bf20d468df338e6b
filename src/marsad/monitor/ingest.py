"""Ingestion: files in, posts in the lake; idempotent, file by file all-or-nothing.

Per file: parse (streaming, a batch at a time), prepare each batch (`prepare`:
normalised text, language, entities, pseudonyms, Arrow table), drop what the lake
already holds (same platform and post id, any source), group near-copies, stage
Parquet parts, and commit them only when the whole file was read. A file refused
as a whole stores nothing and is reported.

With `Options.workers > 1`, batches are prepared by worker processes while this
process reads ahead and stores finished batches in file order; files with a post
per line (JSON Lines) are even parsed by the workers. Storing stays here, so the
result is the same with one process or several. Imports no Django;
`marsad.monitor.services.ingest_files` supplies the settings.
"""

from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from marsad.monitor import connectors, neardup
from marsad.monitor.band_index import BandIndex
from marsad.monitor.connectors.base import (
    FileRejectedError,
    Post,
    Rejected,
    open_binary,
)
from marsad.monitor.connectors.jsonl import line_batches
from marsad.monitor.connectors.mapping import Mapping
from marsad.monitor.engines.local import die_with_parent
from marsad.monitor.lake import EPOCH, Lake, StagedPart, post_days
from marsad.monitor.prepare import Prepared, prepare_file_lines, prepare_items

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
    workers: int = 1  # processes preparing batches; 1 = all in this process


class KeyIndex:
    """Keys already in the lake or staged by this run, loaded one day at a time.

    At most MAX_DAYS days are kept in memory (the least recently used go, to be
    read again from the lake and the staged parts when needed), so memory does not
    grow with the length of a file that is roughly in time order.
    """

    MAX_DAYS = 64

    def __init__(self, lake: Lake) -> None:
        self.lake = lake
        self.by_day: OrderedDict[int, set[tuple[str, str]]] = OrderedDict()

    def fresh_rows(
        self, table: pa.Table, days: np.ndarray, staged: Sequence[Path] = ()
    ) -> np.ndarray:
        """Which rows are new (and remember them): a boolean mask over `table`.

        `days` are the rows' `post_days`; `staged` are the post parts this run
        wrote but has not committed yet.
        """
        by_day = self.by_day
        for day in np.unique(days).tolist():
            if day in by_day:
                by_day.move_to_end(day)
            else:
                by_day[day] = self.lake.keys_for_day(EPOCH + timedelta(day), staged)
        rows = zip(
            days.tolist(),
            table["platform"].to_pylist(),
            table["post_id"].to_pylist(),
            strict=True,
        )
        fresh = np.ones(table.num_rows, dtype=bool)
        for i, (day, platform, post_id) in enumerate(rows):
            keys = by_day[day]
            key = (platform, post_id)
            if key in keys:
                fresh[i] = False
            else:
                keys.add(key)
        while len(by_day) > self.MAX_DAYS:
            by_day.popitem(last=False)
        return fresh

    def forget_days(self, days: Iterable[int]) -> None:
        """Reload these days from the lake next time (a refused file touched them)."""
        for day in days:
            self.by_day.pop(day, None)


Task = Callable[[], Prepared]


class Workers:
    """A pool of processes, started when a second batch shows a file is big."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, task: Task) -> Future[Prepared]:
        if self.pool is None:
            # "spawn": workers import only Django-free modules, and forking a
            # process that holds DuckDB or server threads is not safe.
            self.pool = ProcessPoolExecutor(
                max_workers=self.n,
                mp_context=get_context("spawn"),
                initializer=die_with_parent,
            )
        return self.pool.submit(task)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _prepared_in_order(tasks: Iterator[Task], workers: Workers) -> Iterator[Prepared]:
    """Run tasks, in this process or on the workers, yielding results in order.

    The first task runs here (small files never start a pool); then up to one
    more task than there are workers is in flight, which bounds memory.
    """
    first = next(tasks, None)
    if first is None:
        return
    yield first()
    if workers.n <= 1:
        for task in tasks:
            yield task()
        return
    pending: deque[Future[Prepared]] = deque()
    try:
        for task in tasks:
            pending.append(workers.submit(task))
            if len(pending) > workers.n:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def _file_tasks(path: Path, options: Options) -> Iterator[Task]:
    """The work for one file: slices of lines to parse, or parsed batches."""
    fmt = connectors.detect_format(path) if options.fmt == "auto" else options.fmt
    module = connectors.connector(fmt)
    if hasattr(module, "parse_lines"):
        with open_binary(path) as handle:
            for first_line, lines in line_batches(handle, options.batch_size):
                yield partial(
                    prepare_file_lines,
                    lines,
                    fmt=fmt,
                    path=path,
                    first_line=first_line,
                    mapping=options.mapping,
                    source=options.source,
                    pseudonym_key=options.pseudonym_key,
                )
        return
    items = module.parse(path, source=options.source, mapping=options.mapping)
    yield from _item_tasks(items, options)


def _item_tasks(items: Iterator[Post | Rejected], options: Options) -> Iterator[Task]:
    while batch := list(islice(items, options.batch_size)):
        yield partial(
            prepare_items,
            batch,
            source=options.source,
            pseudonym_key=options.pseudonym_key,
        )


@dataclass
class Indexes:
    """What a run remembers between files: post keys and near-dup bands by day."""

    keys: KeyIndex
    bands: BandIndex

    @classmethod
    def of(cls, lake: Lake) -> "Indexes":
        return cls(KeyIndex(lake), BandIndex(lake))

    def forget_days(self, days: Iterable[int]) -> None:
        self.keys.forget_days(days)
        self.bands.forget_days(days)


class _Store:
    """Stores prepared batches of one file: staged parts, counts, days touched."""

    def __init__(self, lake: Lake, indexes: Indexes, options: Options) -> None:
        self.lake, self.options = lake, options
        self.index, self.bands = indexes.keys, indexes.bands
        self.summary = IngestSummary()
        self.staged: list[StagedPart] = []
        self.touched: set[int] = set()

    def add(self, prepared: Prepared) -> None:
        summary = self.summary
        summary.read += prepared.n_read
        summary.rejected += len(prepared.rejected)
        summary.errors.extend(item.as_dict() for item in prepared.rejected)
        all_days = post_days(prepared.table)
        staged = [part.tmp for part in self.staged]
        fresh = self.index.fresh_rows(prepared.table, all_days, staged)
        table = prepared.table.filter(pa.array(fresh))
        summary.duplicates += prepared.table.num_rows - table.num_rows
        if not table.num_rows:
            return
        days = all_days[fresh]
        self.touched.update(np.unique(days).tolist())
        docs, keys = _kept_bands(prepared.docs, prepared.keys, fresh)
        table = self._mark_near_duplicates(table, days, docs, keys)
        if self.options.protect_raw is not None:
            sealed = [self.options.protect_raw(raw) for raw in table["raw"].to_pylist()]
            table = table.set_column(
                table.schema.get_field_index("raw"),
                "raw",
                pa.array(sealed, pa.string()),
            )
        self.staged.extend(self.lake.stage(table, days))
        summary.stored += table.num_rows

    def _mark_near_duplicates(
        self, table: pa.Table, days: np.ndarray, docs: np.ndarray, keys: np.ndarray
    ) -> pa.Table:
        """Point each near-copy at its group's first post; index new leaders' bands."""
        if docs.size == 0:
            return table
        lake = self.lake
        pending = [
            part.tmp for part in self.staged if part.tmp.parent.parent == lake.near_dup
        ]
        distinct = neardup.batch_distinct_keys(keys)
        known = self.bands.leaders(distinct[0], np.unique(days).tolist(), pending)
        own = pc.binary_join_element_wise(table["platform"], table["post_id"], ":")
        groups, rows = neardup.assign_groups(
            docs, keys, own.to_numpy(zero_copy_only=False), known, distinct
        )
        if rows.keys.size:
            row_days = days[rows.posts]
            self.bands.add(rows.keys, rows.leaders, row_days, pending)
            self.staged.extend(
                lake.stage_near_dup_keys(rows.keys, rows.leaders, row_days)
            )
        if not groups:
            return table
        leaders: list[str | None] = [None] * table.num_rows
        for row, leader in groups.items():
            leaders[row] = leader
        column = table.schema.get_field_index("near_dup_of")
        return table.set_column(column, "near_dup_of", pa.array(leaders, pa.string()))


def _kept_bands(
    docs: np.ndarray, keys: np.ndarray, fresh: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Band pairs of the rows kept by `fresh`, renumbered to the filtered table."""
    if fresh.all():
        return docs, keys
    new_index = np.cumsum(fresh) - 1
    kept = fresh[docs]
    return new_index[docs[kept]], keys[kept]


def ingest_tasks(
    tasks: Iterator[Task],
    lake: Lake,
    indexes: Indexes,
    options: Options,
    workers: Workers,
) -> IngestSummary:
    """Store the tasks' batches all-or-nothing: committed only if all of them ran.

    A `FileRejectedError` (from parsing, here or in a worker) discards what was
    staged and is reported; any other exception discards it and propagates.
    """
    store = _Store(lake, indexes, options)
    try:
        for prepared in _prepared_in_order(tasks, workers):
            store.add(prepared)
    except FileRejectedError as exc:
        lake.discard(store.staged)
        indexes.forget_days(store.touched)
        return IngestSummary(
            errors=[{"file": exc.file, "line": None, "reason": exc.reason}]
        )
    except BaseException:
        lake.discard(store.staged)
        indexes.forget_days(store.touched)
        raise
    lake.commit(store.staged)
    return store.summary


def ingest_stream(
    items: Iterable[Post | Rejected], lake: Lake, options: Options
) -> IngestSummary:
    """Store posts that did not come from a file (a live API), like one file."""
    lake.remove_stale_tmp()
    tasks = _item_tasks(iter(items), options)
    return ingest_tasks(tasks, lake, Indexes.of(lake), options, Workers(1))


def ingest_paths(paths: Sequence[Path], lake: Lake, options: Options) -> IngestSummary:
    """Ingest every file; a failing file is reported and does not stop the others."""
    lake.remove_stale_tmp()
    indexes = Indexes.of(lake)
    total = IngestSummary()
    workers = Workers(options.workers)
    try:
        for path in paths:
            tasks = _file_tasks(path, options)
            total.add(ingest_tasks(tasks, lake, indexes, options, workers))
    finally:
        workers.close()
    return total
