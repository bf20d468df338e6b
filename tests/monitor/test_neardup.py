from pathlib import Path

import orjson
import pyarrow.parquet as pq
import pytest

from marsad.monitor.band_index import BandIndex
from marsad.monitor.ingest import Options, ingest_paths
from marsad.monitor.lake import Lake
from marsad.monitor.neardup import assign_groups, band_keys
from marsad.monitor.text.normalise import normalise

pytestmark = [pytest.mark.unit]

CAMPAIGN = "يجب طرد كل هؤلاء الناس من المدينة قبل فوات الأوان نهائيا"


def test_near_copies_group_and_different_texts_do_not() -> None:
    texts = [
        CAMPAIGN,
        CAMPAIGN + " !!",  # copy with an edit
        "يَجِبُ طرد كل هؤلاء الناس من المدينة قبل فوات الأوان نهائياً",  # diacritics
        "the weather in the city was nice today and the market was full",
        "short text",  # too short to judge
        "the weather in the village was cold today and the school was closed",
    ]
    docs, keys = band_keys([normalise(t) for t in texts])

    groups, rows = assign_groups(docs, keys, [f"x:{i}" for i in range(len(texts))], {})

    assert groups == {1: "x:0", 2: "x:0"}
    assert set(rows.as_dict().values()) == {"x:0", "x:3", "x:5"}
    assert 4 not in docs.tolist()


def test_chains_within_a_batch_point_to_the_first_post() -> None:
    words = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ]
    texts = [
        " ".join(words[:8]),
        " ".join(words[:8] + words[8:10]),  # extends A
        " ".join(words[2:8] + words[8:12]),  # overlaps B more than A
    ]
    docs, keys = band_keys(texts)

    groups, _ = assign_groups(docs, keys, ["x:a", "x:b", "x:c"], {})

    assert set(groups.values()) <= {"x:a"}


def test_posts_matching_the_index_take_its_leader() -> None:
    docs, keys = band_keys([normalise(CAMPAIGN)])
    index = {int(k): "x:old" for k in keys[:1].tolist()}

    groups, rows = assign_groups(docs, keys, ["x:new"], index)

    assert groups == {0: "x:old"}
    assert set(rows.as_dict().values()) == {"x:old"}
    assert len(rows.as_dict()) == 7


def write(path: Path, rows: list[tuple[str, str]], day: str = "2026-03-01") -> Path:
    lines = [
        orjson.dumps(
            {
                "id": pid,
                "platform": "x",
                "text": text,
                "created_at": f"{day}T10:00:00Z",
            }
        )
        for pid, text in rows
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def near_dup_column(lake: Lake) -> dict[str, str | None]:
    found = {}
    for part in lake.parts():
        for row in pq.read_table(part, columns=["post_id", "near_dup_of"]).to_pylist():
            found[row["post_id"]] = row["near_dup_of"]
    return found


def test_ingest_marks_near_duplicates_across_files_and_runs(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    first = write(
        tmp_path / "a.jsonl",
        [("1", CAMPAIGN), ("2", "a different post about the news")],
    )
    later = write(
        tmp_path / "b.jsonl", [("3", CAMPAIGN + " #حملة"), ("4", CAMPAIGN + "!")]
    )

    ingest_paths([first], lake, Options(source="s"))
    summary = ingest_paths([later], lake, Options(source="s", batch_size=1))

    assert summary.stored == 2
    assert near_dup_column(lake) == {"1": None, "2": None, "3": "x:1", "4": "x:1"}


def test_a_refused_file_leaves_no_near_duplicate_index(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    broken = tmp_path / "broken.csv"
    rows = "".join(f"{i},{CAMPAIGN} {i},2026-01-01T00:00:00Z\n" for i in range(3000))
    broken.write_bytes(b"id,text,created_at\n" + rows.encode() + b"9,\xff,2026-01-01\n")

    summary = ingest_paths([broken], lake, Options(source="s", batch_size=200))

    assert summary.errors[0]["reason"] == "is not valid utf-8 text"
    assert list(lake.root.rglob("*.parquet*")) == []


def test_near_copies_are_looked_for_within_a_week(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    first = write(tmp_path / "a.jsonl", [("1", CAMPAIGN)], day="2026-03-01")
    week = write(tmp_path / "b.jsonl", [("2", CAMPAIGN + "!")], day="2026-03-08")
    month = write(tmp_path / "c.jsonl", [("3", CAMPAIGN + "!!")], day="2026-04-01")

    for path in (first, week, month):
        ingest_paths([path], lake, Options(source="s"))

    assert near_dup_column(lake) == {"1": None, "2": "x:1", "3": None}
    assert sorted(p.parent.name for p in lake.near_dup.rglob("*.parquet")) == [
        "day=2026-03-01",
        "day=2026-04-01",
    ]


def test_near_copies_are_found_after_their_day_left_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(BandIndex, "MAX_DAYS", 1)
    lake = Lake(tmp_path / "lake")
    posts = [
        orjson.dumps({"id": pid, "platform": "x", "text": text, "created_at": day})
        for pid, text, day in [
            ("1", CAMPAIGN, "2026-03-01"),
            ("2", "something else entirely, said on another day", "2026-05-01"),
            ("3", CAMPAIGN + "!", "2026-03-02"),  # day 1 is only in a staged part
        ]
    ]
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\n".join(posts) + b"\n")

    ingest_paths([path], lake, Options(source="s", batch_size=1))

    assert near_dup_column(lake) == {"1": None, "2": None, "3": "x:1"}


def test_a_refused_file_is_forgotten_by_the_next_file_of_the_run(
    tmp_path: Path,
) -> None:
    lake = Lake(tmp_path / "lake")
    refused = tmp_path / "b.csv"
    rows = "".join(f"b{i},x,{CAMPAIGN},2026-03-01T00:00:00Z\n" for i in range(3000))
    refused.write_bytes(
        b"id,platform,text,created_at\n" + rows.encode() + b"b,x,\xff,2026-03-01\n"
    )
    later = write(tmp_path / "c.jsonl", [("c1", CAMPAIGN + "!"), ("c2", CAMPAIGN)])

    summary = ingest_paths([refused, later], lake, Options(source="s", batch_size=200))

    assert summary.errors[0]["file"].endswith("b.csv")
    assert near_dup_column(lake) == {"c1": None, "c2": "x:c1"}
