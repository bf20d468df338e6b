"""Malformed input of every kind: parsers reject records or whole files, never crash."""

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.monitor.connectors import FORMATS, connector
from marsad.monitor.connectors.base import FileRejectedError, Post, Rejected
from marsad.monitor.ingest import Options, ingest_paths
from marsad.monitor.lake import Lake

pytestmark = [pytest.mark.unit]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
odd_dates = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        ["2026-02-30T00:00:00Z", "0000-01-01", "9999-12-31T23:59:59+14:00", "1e9"]
    ),
)
records = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=300), st.integers(), json_values),
        "text": st.one_of(
            st.text(max_size=200),
            st.integers(100_001, 100_100).map(lambda n: "ب" * n),
            json_values,
        ),
        "created_at": odd_dates,
        "platform": json_values,
        "likes": json_values,
        "hashtags": json_values,
    },
)
lines = st.one_of(
    records.map(lambda r: json.dumps(r).encode()),
    st.binary(max_size=80),
    st.text(max_size=80).map(str.encode),
)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def check_parse(fmt: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input"
        path.write_bytes(content)
        try:
            items = list(connector(fmt).parse(path, source="p"))
        except FileRejectedError as exc:
            reason = exc.reason
            assert reason, "a refused file always says why"
            return
        for item in items:
            assert isinstance(item, Post | Rejected)
            if isinstance(item, Post):
                assert item.text.strip()
                assert item.created_at.tzinfo is not None
                assert item.post_id
            else:
                assert item.reason


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@SETTINGS
@given(content=st.lists(lines, max_size=8).map(b"\n".join))
def test_parsers_survive_arbitrary_lines(fmt: str, content: bytes) -> None:
    check_parse(fmt, content)


@SETTINGS
@given(
    rows=st.lists(st.lists(st.text(max_size=30), min_size=0, max_size=5), max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1256", "utf-16"]),
)
def test_csv_survives_odd_rows_and_encodings(
    rows: list[list[str]], encoding: str
) -> None:
    text = "id,text,created_at\n" + "\n".join(",".join(row) for row in rows)
    check_parse("csv", text.encode(encoding, errors="replace"))


@SETTINGS
@given(content=st.lists(lines, min_size=1, max_size=8).map(b"\n".join))
def test_ingest_of_garbage_writes_only_whole_parts(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.jsonl"
        path.write_bytes(content)
        lake = Lake(Path(folder) / "lake")

        summary = ingest_paths([path], lake, Options(source="p", fmt="jsonl"))

        stored = sum(
            len(__import__("pyarrow.parquet").parquet.read_table(p))
            for p in lake.parts()
        )
        assert stored == summary.stored
        assert summary.read == summary.stored + summary.duplicates + summary.rejected
        assert list(Path(folder).rglob("*.tmp")) == []


ENVELOPES = {
    "telegram": lambda items: {"name": "c", "id": 1, "messages": items},
    "youtube": lambda items: {
        "kind": "youtube#commentThreadListResponse",
        "items": items,
    },
    "x-api": lambda items: {"data": items, "includes": {"users": items}, "meta": {}},
    "mastodon": lambda items: [
        {"content": "<p>x</p>", **i} if isinstance(i, dict) else i for i in items
    ],
    "bluesky": lambda items: {"posts": items, "feed": items},
}


@pytest.mark.parametrize("fmt", sorted(ENVELOPES))
@SETTINGS
@given(items=st.lists(json_values | records, max_size=6))
def test_json_exports_survive_arbitrary_records(fmt: str, items: list[object]) -> None:
    check_parse(fmt, json.dumps(ENVELOPES[fmt](items)).encode())
