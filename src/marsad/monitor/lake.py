"""The post lake: Parquet files partitioned by source and day, read with DuckDB.

Layout: `<root>/posts/source=<name>/day=<YYYY-MM-DD>/part-<uuid>.parquet`. A part
is written to `part-<uuid>.parquet.tmp` and renamed into place only when the whole
input file was read, so readers (which ignore `.tmp`) never see half a file, and a
crash leaves at most stray `.tmp` files that the next run removes. Imports no Django.
"""

import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from marsad.monitor.connectors.base import Post

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
_COPIED = [
    name for name in POST_SCHEMA.names if name not in {"schema_version", "text_norm"}
]


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

    def keys_for_day(self, day: date) -> set[tuple[str, str]]:
        """(platform, post_id) of every post stored for `day`, whatever its source."""
        keys: set[tuple[str, str]] = set()
        for part in self.posts.glob(f"source=*/day={day.isoformat()}/*.parquet"):
            table = pq.read_table(part, columns=["platform", "post_id"])
            keys.update(
                zip(
                    table["platform"].to_pylist(),
                    table["post_id"].to_pylist(),
                    strict=True,
                )
            )
        return keys

    def stage(self, posts: Sequence[Post], norms: Sequence[str]) -> list[StagedPart]:
        """Write `posts` as hidden parts, one per (source, day); `commit` shows them."""
        groups: dict[tuple[str, date], list[int]] = defaultdict(list)
        for i, post in enumerate(posts):
            groups[(post.source, post.created_at.date())].append(i)
        return [
            _stage_table(
                self.partition(source, day),
                _to_table([posts[i] for i in indices], [norms[i] for i in indices]),
            )
            for (source, day), indices in sorted(groups.items())
        ]

    def stage_near_dup_keys(
        self, keys: Sequence[int], leaders: Sequence[str]
    ) -> StagedPart:
        """Band keys of new group leaders, hidden until `commit` like post parts."""
        table = pa.Table.from_pydict(
            {"band_key": keys, "leader": leaders}, schema=NEAR_DUP_SCHEMA
        )
        return _stage_table(self.near_dup, table)

    def near_dup_leaders(
        self, keys: Sequence[int], pending: Sequence[Path]
    ) -> dict[int, str]:
        """Leaders of band keys already indexed (committed, or `pending` in this run).

        DuckDB joins the batch's keys against the index files, so the index never has
        to fit in memory, however large the lake grows.
        """
        files = [str(p) for p in sorted(self.near_dup.glob("*.parquet"))]
        files += [str(p) for p in pending]
        if not files or not keys:
            return {}
        import duckdb

        batch = pa.table({"k": pa.array(keys, type=pa.uint64())})  # noqa: F841 (SQL reads it)
        with duckdb.connect() as db:
            rows = db.execute(
                "SELECT i.band_key, min(i.leader) FROM read_parquet(?) i "
                "JOIN batch b ON i.band_key = b.k GROUP BY i.band_key",
                [files],
            ).fetchall()
        return {int(key): leader for key, leader in rows}

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
        stale += list(self.near_dup.glob("*.parquet.tmp"))
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)


def _stage_table(folder: Path, table: pa.Table) -> StagedPart:
    """Write `table` as a new part of `folder` under its hidden `.tmp` name."""
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"part-{uuid.uuid4().hex}.parquet"
    tmp = final.with_name(final.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    return StagedPart(tmp=tmp, final=final)


def _to_table(posts: Sequence[Post], norms: Sequence[str]) -> pa.Table:
    columns: dict[str, list[object]] = {
        name: [getattr(post, name) for post in posts] for name in _COPIED
    }
    columns["schema_version"] = [SCHEMA_VERSION] * len(posts)
    columns["text_norm"] = list(norms)
    return pa.Table.from_pydict(columns, schema=POST_SCHEMA)


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
