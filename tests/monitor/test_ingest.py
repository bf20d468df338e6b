from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from marsad.monitor.connectors.base import FileRejectedError, Post, Rejected
from marsad.monitor.ingest import KeyIndex, Options, ingest_paths
from marsad.monitor.lake import Lake

pytestmark = [pytest.mark.unit]

FIXTURES = Path(__file__).parent / "connectors" / "fixtures"
MIXED = FIXTURES / "jsonl__mixed.jsonl"


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return Lake(tmp_path / "lake")


def stored_rows(lake: Lake) -> list[dict[str, object]]:
    rows = []
    for part in lake.parts():
        rows.extend(pq.read_table(part).to_pylist())
    return sorted(rows, key=lambda r: (r["platform"], r["post_id"]))


def test_ingest_stores_enriched_posts_partitioned_by_source_and_day(lake: Lake) -> None:
    summary = ingest_paths([MIXED], lake, Options(source="gaza-2026"))

    assert (summary.read, summary.stored, summary.duplicates, summary.rejected) == (
        9,
        3,
        0,
        6,
    )
    assert [p.relative_to(lake.posts).parent.as_posix() for p in lake.parts()] == [
        "source=gaza-2026/day=2026-09-21",
        "source=gaza-2026/day=2026-10-01",
    ]
    first = stored_rows(lake)[2]
    assert (first["post_id"], first["lang"], first["hashtags"], first["mentions"]) == (
        "1001",
        "ar",
        ["غزة"],
        ["news_ps"],
    )
    assert first["urls"] == ["https://t.co/abc"]
    assert first["text_norm"] == "الله يحمي اهلنا في #غزه @news_ps https://t.co/abc."
    assert first["schema_version"] == 1
    assert pq.read_schema(lake.parts()[0]).metadata[b"marsad.schema_version"] == b"1"


def test_ingesting_the_same_file_again_stores_nothing(lake: Lake) -> None:
    ingest_paths([MIXED], lake, Options(source="a"))
    parts_before = lake.parts()

    again = ingest_paths([MIXED], lake, Options(source="b"))

    assert (again.stored, again.duplicates, again.rejected) == (0, 3, 6)
    assert lake.parts() == parts_before


def test_duplicates_within_one_run_are_stored_once(lake: Lake, tmp_path: Path) -> None:
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(MIXED.read_bytes())

    summary = ingest_paths([MIXED, copy], lake, Options(source="a"))

    assert (summary.stored, summary.duplicates) == (3, 3)
    assert len(stored_rows(lake)) == 3


def test_a_refused_file_stores_nothing_and_others_go_on(
    lake: Lake, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.csv"
    good = "".join(
        f"{i},post number {i},2026-01-0{1 + i % 3}T00:00:00Z\n" for i in range(3000)
    )
    broken.write_bytes(
        b"id,text,created_at\n" + good.encode() + b"9,\xff bad,2026-01-01\n"
    )

    summary = ingest_paths([broken, MIXED], lake, Options(source="a", batch_size=500))

    assert summary.errors[0] == {
        "file": str(broken),
        "line": None,
        "reason": "is not valid utf-8 text",
    }
    assert (summary.read, summary.stored) == (9, 3)
    assert {row["post_id"] for row in stored_rows(lake)} == {"1001", "1002", "1006"}
    assert list(lake.posts.rglob("*.tmp")) == []


def test_a_crash_mid_file_leaves_no_visible_part(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marsad.monitor.connectors import jsonl

    real_parse = jsonl.parse_lines

    def dies_half_way(
        lines: list[bytes], *, first_line: int, **kwargs: object
    ) -> Iterator[Post | Rejected]:
        if first_line >= 7:  # batches of 2 lines: earlier batches are staged
            raise KeyboardInterrupt
        yield from real_parse(lines, first_line=first_line, **kwargs)

    monkeypatch.setattr(jsonl, "parse_lines", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([MIXED], lake, Options(source="a", batch_size=2))

    assert lake.parts() == []
    assert list(lake.posts.rglob("*.tmp")) == []


def test_stale_tmp_parts_of_a_killed_run_are_removed(lake: Lake) -> None:
    folder = lake.partition("a", __import__("datetime").date(2026, 1, 1))
    folder.mkdir(parents=True)
    (folder / "part-dead.parquet.tmp").write_bytes(b"half a file")

    ingest_paths([MIXED], lake, Options(source="a"))

    assert list(lake.posts.rglob("*.tmp")) == []


def test_pseudonymised_authors_are_stable_and_raw_is_protected(lake: Lake) -> None:
    options = Options(
        source="a",
        pseudonym_key=b"k" * 32,
        protect_raw=lambda raw: f"sealed:{len(raw)}",
    )

    ingest_paths([MIXED], lake, options)

    first = stored_rows(lake)[2]
    assert first["author_handle"].startswith("anon-")
    assert first["author_handle"] != "@amal"
    assert first["raw"].startswith("sealed:")
    assert "amal" not in "".join(str(v) for v in first.values())


def test_unreadable_file_is_reported_not_raised(lake: Lake, tmp_path: Path) -> None:
    summary = ingest_paths([tmp_path / "missing.jsonl"], lake, Options(source="a"))

    assert summary.as_dict() == {
        "read": 0,
        "stored": 0,
        "duplicates": 0,
        "rejected": 0,
        "errors": [
            {
                "file": str(tmp_path / "missing.jsonl"),
                "line": None,
                "reason": "does not exist",
            }
        ],
    }


def test_stats_count_per_source_platform_language_and_day(lake: Lake) -> None:
    ingest_paths([MIXED], lake, Options(source="a"))

    assert lake.stats() == {
        "total": 3,
        "by_source": {"a": 3},
        "by_platform": {"telegram": 1, "unknown": 1, "x": 1},
        "by_lang": {"ar": 1, "en": 1, "he": 1},
        "by_day": {"2026-09-21": 1, "2026-10-01": 2},
    }


def test_file_rejected_error_names_file_and_reason() -> None:
    error = FileRejectedError("posts.csv", "is empty")

    assert str(error) == "posts.csv: is empty"


def test_two_processes_store_exactly_what_one_does(tmp_path: Path) -> None:
    source = tmp_path / "many.jsonl"
    lines = []
    for i in range(1200):
        text = (
            f"منشور رقم {i} عن الأخبار اليوم في المدينة" if i % 3 else f"post {i} #tag"
        )
        if i % 50 == 0:
            text = "the same campaign text copied again and again by many accounts"
        lines.append(
            f'{{"id": "{i}", "platform": "x", "text": "{text}", '
            f'"created_at": "2026-01-0{1 + i % 5}T00:00:00Z"}}'
        )
    lines.insert(700, "not json")
    source.write_text("\n".join(lines) + "\n")
    one, two = Lake(tmp_path / "one"), Lake(tmp_path / "two")

    first = ingest_paths([source], one, Options(source="s", batch_size=100))
    second = ingest_paths([source], two, Options(source="s", batch_size=100, workers=2))

    assert first.as_dict() == second.as_dict()
    assert (first.stored, first.rejected) == (1200, 1)
    assert stored_rows(one) == stored_rows(two)
    campaign = [row for row in stored_rows(two) if row["text"].startswith("the same")]
    assert len(campaign) == 24
    assert (
        sorted(row["near_dup_of"] or "leader" for row in campaign)
        == ["leader"] + ["x:0"] * 23
    )


def test_duplicates_are_found_after_their_day_left_memory(
    lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(KeyIndex, "MAX_DAYS", 2)
    lines = [
        f'{{"id": "{i}", "text": "post {i}", "created_at": "2026-01-{1 + i:02d}"}}'
        for i in range(6)
    ]
    source = tmp_path / "repeats.jsonl"
    source.write_text("\n".join(lines + lines[:3]) + "\n")  # days 1-3 come back

    summary = ingest_paths([source], lake, Options(source="a", batch_size=2))

    assert (summary.stored, summary.duplicates) == (6, 3)
    assert len(stored_rows(lake)) == 6


def test_file_refusal_survives_the_trip_from_a_worker_process() -> None:
    import pickle

    sent = pickle.dumps(FileRejectedError("posts.jsonl", "is empty"))
    error = pickle.loads(sent)  # noqa: S301 (our own bytes, as a worker sends them)

    assert (error.file, error.reason, str(error)) == (
        "posts.jsonl",
        "is empty",
        "posts.jsonl: is empty",
    )
