"""`marsad monitor run`: engines agree, a killed run resumes, bad parts are listed."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from django.db.models import Sum

from marsad.monitor.models import DailyCount, HashtagCount, PartRun, ReviewItem
from marsad.monitor.runs import run_pipeline

pytestmark = [pytest.mark.integration]


def aggregates() -> dict[str, Any]:
    daily = DailyCount.objects.values_list(
        "day", "platform", "lang", "source", "category"
    ).annotate(n=Sum("n_posts"))
    tags = HashtagCount.objects.values_list("day", "tag").annotate(
        n=Sum("n_posts"), f=Sum("n_flagged")
    )
    return {
        "daily": sorted(daily),
        "tags": sorted(tags),
        "review": sorted(
            ReviewItem.objects.values_list("platform", "post_id", "label")
        ),
    }


def test_local_and_dask_engines_give_identical_aggregates(
    demo_lake: Path, transactional_db: None
) -> None:
    local = run_pipeline(engine="local", workers=2)
    by_local = aggregates()
    PartRun.objects.all().delete()
    dask = run_pipeline(engine="dask", workers=2, rescore=True)

    assert (local.parts, local.posts) == (dask.parts, dask.posts) == (local.parts, 36)
    assert local.parts == 7  # the demo posts span seven days
    assert aggregates() == by_local
    assert sum(n for *_k, n in by_local["daily"] if _k[-1] == "all") == 36
    assert by_local["review"]  # the demo has hateful posts


def test_a_second_run_does_nothing_and_rescore_redoes_everything(
    demo_lake: Path, db: None
) -> None:
    first = run_pipeline(engine="local", workers=1)
    again = run_pipeline(engine="local", workers=1)
    redo = run_pipeline(engine="local", workers=1, rescore=True)

    assert (again.parts, again.skipped) == (0, first.parts)
    assert redo.parts == 0  # same model version: nothing is stale
    assert PartRun.objects.count() == first.parts


def test_a_corrupt_part_is_listed_and_the_rest_is_scored(
    demo_lake: Path, db: None
) -> None:
    parts = sorted((demo_lake / "posts").rglob("*.parquet"))
    parts[0].write_bytes(b"PAR1 this is not parquet")

    summary = run_pipeline(engine="local", workers=1)

    assert [e["part"] for e in summary.errors] == [str(parts[0])]
    assert "cannot be read" in summary.errors[0]["reason"]
    assert summary.parts == len(parts) - 1


def _write_posts(path: Path, n_days: int) -> None:
    lines = [
        orjson.dumps(
            {
                "id": f"p{day}-{i}",
                "platform": "x",
                "text": f"post {i} of day {day} about the weather",
                "created_at": f"2025-{1 + day // 28:02d}-{1 + day % 28:02d}T10:00:00Z",
            }
        )
        for day in range(n_days)
        for i in range(3)
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")


def _marsad(env: dict[str, str], *args: str) -> list[str]:
    return [sys.executable, "-m", "marsad.cli", *args]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_run_killed_mid_way_is_finished_by_the_next_without_double_counts(
    tmp_path: Path,
) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MARSAD_", "DATABASE_"))
    }
    env["MARSAD_DATA_DIR"] = str(tmp_path)
    posts = tmp_path / "posts.jsonl"
    _write_posts(posts, n_days=300)
    for args in (
        ("manage", "migrate", "-v", "0"),
        ("monitor", "ingest", str(posts), "--source", "s"),
    ):
        subprocess.run(_marsad(env, *args), env=env, check=True, capture_output=True)  # noqa: S603
    database = tmp_path / "marsad.sqlite3"

    def scored() -> int:
        with sqlite3.connect(database) as db:
            return db.execute("SELECT count(*) FROM monitor_partrun").fetchone()[0]

    run = subprocess.Popen(  # noqa: S603
        _marsad(env, "monitor", "run", "--workers", "2"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while scored() < 5 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.02)
    workers = _children(run.pid)
    run.send_signal(signal.SIGKILL)  # no clean-up at all
    run.wait(30)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers
    assert not [pid for pid in workers if _alive(pid)]  # no orphaned workers
    done_before = scored()
    finish = subprocess.run(  # noqa: S603
        _marsad(env, "monitor", "run", "--workers", "2", "--json"),
        env=env,
        capture_output=True,
        timeout=300,
        check=True,
    )

    summary = orjson.loads(finish.stdout)
    with sqlite3.connect(database) as db:
        total = db.execute(
            "SELECT sum(n_posts) FROM monitor_dailycount WHERE category = 'all'"
        ).fetchone()[0]
    assert 5 <= done_before < 300
    assert summary["parts"] + summary["skipped"] == 300
    assert scored() == 300
    assert total == 900  # every post counted once


def test_a_post_flagged_under_a_second_part_keeps_one_review_item(db: None) -> None:
    from marsad.monitor.pipeline import PartResult
    from marsad.monitor.runs import store_part

    def flagged(post_id: str) -> dict[str, Any]:
        return {
            "platform": "x",
            "post_id": post_id,
            "source": "s",
            "day": "2026-09-01",
            "lang": "he",
            "text": "t",
            "label": "hate",
            "categories": ["hate"],
            "p_abusive": 0.9,
            "explanation": [],
        }

    store_part(PartResult("a.parquet", flagged=[flagged("1"), flagged("2")]), "v1")
    store_part(PartResult("b.parquet", flagged=[flagged("2"), flagged("3")]), "v1")

    items = dict(ReviewItem.objects.values_list("post_id", "run__part"))
    assert items == {"1": "a.parquet", "2": "b.parquet", "3": "b.parquet"}
