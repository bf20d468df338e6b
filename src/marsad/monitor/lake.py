"""The post lake: Parquet files partitioned by source and day, read with DuckDB.

Layout: `<root>/posts/source=<name>/day=<YYYY-MM-DD>/part-<uuid>.parquet`. A part
is written to `part-<uuid>.parquet.tmp` and renamed into place only when the whole
input file was read, so readers (which ignore `.tmp`) never see half a file, and a
crash leaves at most stray `.tmp` files that the next run removes. Imports no Django.
"""

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

SCHEMA_VERSION = 1
SOURCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

POST_SCHEMA = pa.schema(
    [
        ("schema_version", pa.int16()),
        ("platform", pa.string()),
        ("post_id", pa.string()),
        ("source", pa.string()),
        ("author_id", pa.string()),
        ("author_handle", pa.string()),
        ("text", pa.string()),
        ("text_norm", pa.string()),
        ("created_at", pa.timestamp("us", tz="UTC")),
        ("url", pa.string()),
        ("lang", pa.string()),
        ("hashtags", pa.list_(pa.string())),
        ("mentions", pa.list_(pa.string())),
        ("urls", pa.list_(pa.string())),
        ("reply_to_id", pa.string()),
        ("quote_of_id", pa.string()),
        ("repost_of_id", pa.string()),
        ("n_likes", pa.int64()),
        ("n_shares", pa.int64()),
        ("n_replies", pa.int64()),
        ("n_views", pa.int64()),
        ("raw", pa.string()),
        ("near_dup_of", pa.string()),
    ],
    metadata={"marsad.schema_version": str(SCHEMA_VERSION)},
)
STAT_GROUPS = {  # `stats` key -> SQL expression it counts by
    "by_source": "source",
    "by_platform": "platform",
    "by_lang": "lang",
    "by_day": "strftime(created_at, '%Y-%m-%d')",
}
NEAR_DUP_SCHEMA = pa.schema([("band_key", pa.uint64()), ("leader", pa.string())])
NEAR_DUP_WINDOW_DAYS = 7
EPOCH = date(1970, 1, 1)
# Dictionaries only where values repeat, statistics only where queries filter:
# building them for texts and raw records costs a third of the write time.
_POST_WRITE = {
    "compression": "zstd",
    "use_dictionary": ["platform", "source", "lang", "hashtags", "mentions", "urls"],
    "write_statistics": ["platform", "source", "post_id", "created_at", "lang"],
}
# Band keys are random numbers: compressing them only costs time.
_INDEX_WRITE = {
    "compression": {"band_key": "none", "leader": "zstd"},
    "use_dictionary": ["leader"],
    "write_statistics": False,
}


def post_days(table: pa.Table) -> np.ndarray:
    """Day of each post (days since 1970-01-01, UTC): its partition in the lake."""
    days = pc.cast(table["created_at"], pa.date32()).cast(pa.int32())
    return days.to_numpy(zero_copy_only=False)


class InvalidSourceNameError(ValueError):
    pass


def check_source_name(source: str) -> str:
    if not SOURCE_NAME.match(source):
        raise InvalidSourceNameError(
            f"source name {source!r} must be 1-64 letters, digits, '.', '_' or '-'"
        )
    return source


@dataclass(frozen=True)
class StagedPart:
    tmp: Path
    final: Path


class Lake:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.posts = root / "posts"
        self.near_dup = root / "near_dup"

    def partition(self, source: str, day: date) -> Path:
        return self.posts / f"source={source}" / f"day={day.isoformat()}"

    def parts(self) -> list[Path]:
        return sorted(self.posts.glob("source=*/day=*/*.parquet"))

    def keys_for_day(
        self, day: date, staged: Sequence[Path] = ()
    ) -> set[tuple[str, str]]:
        """(platform, post_id) of every post stored for `day`, whatever its source.

        `staged` parts (written, not yet committed) of that day count too.
        """
        folder = f"day={day.isoformat()}"
        keys: set[tuple[str, str]] = set()
        pending = [
            p
            for p in staged
            if p.parent.name == folder and p.parent.parent.parent == self.posts
        ]
        for part in [*self.posts.glob(f"source=*/{folder}/*.parquet"), *pending]:
            table = pq.read_table(part, columns=["platform", "post_id"])
            keys.update(
                zip(
                    table["platform"].to_pylist(),
                    table["post_id"].to_pylist(),
                    strict=True,
                )
            )
        return keys

    def stage(self, table: pa.Table, days: np.ndarray) -> list[StagedPart]:
        """Write rows (POST_SCHEMA) as hidden parts, one per (source, day).

        `days` are the rows' `post_days`. Nothing is visible until `commit`.
        """
        staged = []
        for source in sorted(pc.unique(table["source"]).to_pylist()):
            of_source = pc.equal(table["source"], source).to_numpy(zero_copy_only=False)
            for day in np.unique(days[of_source]).tolist():
                rows = table.filter(pa.array(of_source & (days == day)))
                folder = self.partition(source, EPOCH + timedelta(day))
                staged.append(_stage_table(folder, rows))
        return staged

    def near_dup_partition(self, day: date) -> Path:
        return self.near_dup / f"day={day.isoformat()}"

    def stage_near_dup_keys(
        self, keys: np.ndarray, leaders: np.ndarray, days: np.ndarray
    ) -> list[StagedPart]:
        """Index rows, filed under the day of the post that brought each key.

        `days` are days since 1970-01-01, one per key. Hidden until `commit`.
        """
        table = pa.Table.from_arrays(
            [pa.array(keys, pa.uint64()), pa.array(leaders, pa.string())],
            schema=NEAR_DUP_SCHEMA,
        )
        staged = []
        for day in np.unique(days).tolist():
            folder = self.near_dup_partition(EPOCH + timedelta(day))
            rows = table.filter(pa.array(days == day))
            staged.append(_stage_table(folder, rows, **_INDEX_WRITE))
        return staged

    def near_dup_day(self, day: date, pending: Sequence[Path] = ()) -> pa.Table:
        """The index rows of one day (NEAR_DUP_SCHEMA), committed or `pending`."""
        folder = self.near_dup_partition(day)
        files = sorted(folder.glob("*.parquet"))
        files += [p for p in pending if p.parent == folder]
        tables = [pq.read_table(p, schema=NEAR_DUP_SCHEMA) for p in files]
        return pa.concat_tables(tables) if tables else NEAR_DUP_SCHEMA.empty_table()

    @staticmethod
    def commit(staged: Iterable[StagedPart]) -> None:
        for part in staged:
            part.tmp.replace(part.final)

    @staticmethod
    def discard(staged: Iterable[StagedPart]) -> None:
        for part in staged:
            part.tmp.unlink(missing_ok=True)

    def stats(self) -> dict[str, Any]:
        """Post counts in total and per source, platform, language and day (DuckDB)."""
        parts = self.parts()
        if not parts:
            return {"total": 0, **{key: {} for key in STAT_GROUPS}}
        return _stats_query(parts)

    def remove_stale_tmp(self) -> int:
        """Drop `.tmp` parts left by a crashed run; returns how many."""
        stale = list(self.posts.glob("source=*/day=*/*.parquet.tmp"))
        stale += list(self.near_dup.glob("day=*/*.parquet.tmp"))
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)


def _stage_table(folder: Path, table: pa.Table, **options: Any) -> StagedPart:
    """Write `table` as a new part of `folder` under its hidden `.tmp` name."""
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"part-{uuid.uuid4().hex}.parquet"
    tmp = final.with_name(final.name + ".tmp")
    pq.write_table(table, tmp, **(options or _POST_WRITE))
    return StagedPart(tmp=tmp, final=final)


def _stats_query(parts: list[Path]) -> dict[str, Any]:
    import duckdb

    files = [str(part) for part in parts]
    with duckdb.connect() as db:
        db.read_parquet(files, union_by_name=True).create_view("posts")
        total = db.execute("SELECT count(*) FROM posts").fetchone()
        result: dict[str, Any] = {"total": total[0] if total else 0}
        for key, expression in STAT_GROUPS.items():
            rows = db.execute(
                f"SELECT {expression} AS k, count(*) FROM posts GROUP BY k ORDER BY k"  # noqa: S608
            ).fetchall()
            result[key] = {str(k): n for k, n in rows}
    return result
