"""`marsad monitor run`: classify what the lake holds and the database lacks.

Lists the lake's post parts, skips those already scored (by any model version
unless `rescore`), has an engine run `pipeline.score_part` on the rest, and
stores each part's counts and review items in one transaction as it arrives.
Killed at any point, a run leaves whole parts only; the next run does the rest.
"""

import hashlib
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from marsad.monitor.classification import active_spec
from marsad.monitor.engines.base import ENGINES, Engine
from marsad.monitor.lake import Lake
from marsad.monitor.models import (
    AccountCount,
    DailyCount,
    HashtagCount,
    PartRun,
    ReviewItem,
    TargetCount,
)
from marsad.monitor.pipeline import PartResult, PartTask, score_part


@dataclass
class RunSummary:
    model_version: str
    engine: str
    parts: int = 0  # scored by this run
    posts: int = 0
    flagged: int = 0
    skipped: int = 0  # already scored
    stale: int = 0  # scored by another model version (see --rescore)
    errors: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def make_engine(name: str, *, scheduler: str | None, workers: int | None) -> Engine:
    module_name, class_name = ENGINES[name].rsplit(".", 1)
    engine_class = getattr(importlib.import_module(module_name), class_name)
    if name == "dask":
        return engine_class(scheduler=scheduler, workers=workers or 2)  # type: ignore[no-any-return]
    return engine_class(workers=workers)  # type: ignore[no-any-return]


def _todo(
    lake: Lake, version: str, *, rescore: bool, summary: RunSummary
) -> Iterator[str]:
    done = dict(PartRun.objects.values_list("part", "model_version"))
    for path in lake.parts():
        part = str(path.relative_to(lake.posts))
        scored_by = done.get(part)
        if scored_by == version or (scored_by and not rescore):
            summary.skipped += 1
            summary.stale += scored_by != version
            continue
        yield part


def sample_key(platform: str, post_id: str) -> float:
    """A post's place in the random sample: uniform, and the same on every run."""
    digest = hashlib.sha256(f"{platform}:{post_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _day(text: str) -> date:
    return date.fromisoformat(text)


DELETE_CHUNK = 500  # ids per query, well under SQLite's variable limit


def _drop_review_items(flagged: list[dict[str, Any]]) -> None:
    """Items these posts still have under another part (a post re-ingested).

    One query per platform and chunk, not one per post: a part flags thousands.
    """
    by_platform: dict[str, list[str]] = {}
    for item in flagged:
        by_platform.setdefault(item["platform"], []).append(item["post_id"])
    for platform, post_ids in by_platform.items():
        for start in range(0, len(post_ids), DELETE_CHUNK):
            chunk = post_ids[start : start + DELETE_CHUNK]
            ReviewItem.objects.filter(platform=platform, post_id__in=chunk).delete()


@transaction.atomic
def store_part(result: PartResult, version: str) -> None:
    """A part's counts and review items, replacing any earlier scoring of it."""
    PartRun.objects.filter(part=result.part).delete()
    run = PartRun.objects.create(
        model_version=version,
        part=result.part,
        n_posts=result.n_posts,
        n_flagged=result.n_flagged,
    )
    DailyCount.objects.bulk_create(
        DailyCount(
            run=run,
            day=_day(d),
            platform=p,
            lang=lang,
            source=s,
            category=c,
            n_posts=n,
        )
        for d, p, lang, s, c, n in result.counts
    )
    HashtagCount.objects.bulk_create(
        HashtagCount(run=run, day=_day(d), tag=t[:200], n_posts=n, n_flagged=f)
        for d, t, n, f in result.hashtags
    )
    AccountCount.objects.bulk_create(
        AccountCount(run=run, day=_day(d), account=a[:200], n_flagged=n)
        for d, a, n in result.accounts
    )
    TargetCount.objects.bulk_create(
        TargetCount(run=run, day=_day(d), target=t[:100], n_flagged=n)
        for d, t, n in result.targets
    )
    _drop_review_items(result.flagged)
    ReviewItem.objects.bulk_create(
        ReviewItem(
            run=run,
            **{**item, "day": _day(item["day"])},
            sample_key=sample_key(item["platform"], item["post_id"]),
        )
        for item in result.flagged
    )


def run_pipeline(
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    rescore: bool = False,
    lake_dir: Path | None = None,
) -> RunSummary:
    """Score every part the database lacks; a corrupt part is listed, not fatal."""
    lake = Lake(lake_dir or settings.MARSAD_LAKE_DIR)
    spec = active_spec()
    version = spec.version()
    summary = RunSummary(model_version=version, engine=engine)
    parts = list(_todo(lake, version, rescore=rescore, summary=summary))
    if not parts:
        return summary
    tasks = [
        PartTask(part, str(lake.root), spec, version, rescore=rescore) for part in parts
    ]
    runner = make_engine(engine, scheduler=scheduler, workers=workers)
    try:
        for result in runner.map_unordered(score_part, tasks):
            if result.error:
                summary.errors.append(
                    {"part": str(lake.posts / result.part), "reason": result.error}
                )
                continue
            store_part(result, version)
            summary.parts += 1
            summary.posts += result.n_posts
            summary.flagged += result.n_flagged
    finally:
        runner.close()
    return summary
