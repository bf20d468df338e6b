"""The column-wise JSON Lines path stores exactly what the record path does."""

import json

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.monitor.connectors import jsonl, jsonl_fast
from marsad.monitor.connectors.mapping import Mapping
from marsad.monitor.prepare import prepare_items, prepare_table

pytestmark = [pytest.mark.unit]

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["  padded ", "with\x00nul", "", "שלום עולם #חדשות", "مرحبا @x"]),
)
ids = st.one_of(st.integers(-5, 10**20), st.text(max_size=8), st.none(), st.floats())
dates = st.one_of(
    st.sampled_from(
        [
            "2026-03-01T10:00:00Z",
            "2026-03-01T10:00:00+03:00",
            "2026-03-01 10:00:00",
            "2026-03-01T10:00:00.123456Z",
            "2026-03-01T10:00:00.5Z",
            "2026-03-01",
            "2026-02-30T10:00:00Z",
            "2026-03-01T24:00:00Z",
            "2026-03-01T10:00:00+0300",
            "1767225600",
            " 2026-03-01T10:00:00Z",
        ]
    ),
    st.integers(0, 2 * 10**9),
    st.text(max_size=12),
)
counts = st.one_of(st.integers(-3, 10**6), st.text(max_size=4), st.booleans())
records = st.fixed_dictionaries(
    {"id": ids, "text": texts, "created_at": dates},
    optional={
        "platform": st.sampled_from(["x", "X", "Telegram", "", " x", "تلغرام"]),
        "author": st.one_of(st.text(max_size=6), st.integers(0, 99)),
        "likes": counts,
        "lang": st.sampled_from(["ar", "he", "en", "fr", ""]),
        "post_id": ids,
        "url": st.sampled_from(["https://e.org/1", "", "x "]),
        "extra": st.lists(st.integers(), max_size=2),
    },
)
odd_lines = st.sampled_from([b"", b"   ", b"not json", b"[1, 2]", b'{"a": 1}'])
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=8,
)


@st.composite
def regular_batches(draw: st.DrawFn) -> list[bytes]:
    """Mostly well-formed exports (so the fast path is taken), now and then odd."""
    numeric_ids = draw(st.booleans())
    zone = draw(st.sampled_from(["Z", "+03:00", "-05:30", ""]))
    lines = []
    for i in range(draw(st.integers(1, 8))):
        record = {
            "id": i if numeric_ids else f"p{i}",
            "text": " ".join(draw(st.lists(words, min_size=1, max_size=6))),
            "created_at": f"2026-0{draw(st.integers(1, 9))}-1{i % 10}T0{i % 10}"
            f":1{i % 10}:00{draw(st.sampled_from(['', '.250', '.123456']))}{zone}",
            "platform": draw(st.sampled_from(["x", "X", "telegram"])),
            "likes": draw(st.integers(0, 10**6)),
        }
        if draw(st.booleans()):
            record["author"] = draw(words)
        if draw(st.integers(0, 9)) == 0:  # one odd value now and then
            record.update(draw(records))
        lines.append(json.dumps(record, ensure_ascii=False).encode())
    if draw(st.integers(0, 9)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), draw(odd_lines))
    return lines


batches = st.one_of(
    regular_batches(),
    st.lists(
        st.one_of(
            records.map(lambda r: json.dumps(r, ensure_ascii=False).encode()),
            odd_lines,
        ),
        min_size=1,
        max_size=8,
    ),
)
mappings = st.sampled_from(
    [Mapping(), Mapping(defaults={"platform": "telegram", "author_handle": "desk"})]
)


def record_path(lines: list[bytes], mapping: Mapping):
    items = list(
        jsonl.parse_lines(lines, name="f", first_line=2, source="s", mapping=mapping)
    )
    return prepare_items(items, source="s", pseudonym_key=None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=batches, mapping=mappings)
def test_fast_path_equals_the_record_path(batch: list[bytes], mapping: Mapping) -> None:
    lines = [line + b"\n" for line in batch]
    parsed = jsonl_fast.parse_batch(lines, first_line=2, mapping=mapping)
    if parsed is None:
        return  # the record path decides, as in ingestion
    fast = prepare_table(
        parsed, source="s", pseudonym_key=None, rejected=[], n_read=parsed.num_rows
    )
    slow = record_path(lines, mapping)

    assert slow.rejected == []
    assert slow.n_read == fast.n_read
    assert fast.table.to_pylist() == slow.table.to_pylist()


def test_regular_exports_take_the_fast_path() -> None:
    lines = [
        orjson.dumps(
            {
                "id": str(i),
                "platform": "X",
                "text": f"منشور رقم {i} #غزة",
                "created_at": "2026-03-01T10:00:00+02:00",
                "author": "amal",
                "likes": i,
            }
        )
        + b"\n"
        for i in range(50)
    ]

    parsed = jsonl_fast.parse_batch(lines, first_line=2)

    assert parsed is not None
    fast = prepare_table(
        parsed, source="s", pseudonym_key=b"k" * 32, rejected=[], n_read=50
    )
    items = list(jsonl.parse_lines(lines, name="f", first_line=2, source="s"))
    slow = prepare_items(items, source="s", pseudonym_key=b"k" * 32)
    assert fast.table.to_pylist() == slow.table.to_pylist()
    assert fast.table.column("hashtags").to_pylist()[0] == ["غزة"]


def test_the_start_of_a_file_always_takes_the_record_path() -> None:
    line = orjson.dumps({"id": "1", "text": "t", "created_at": "2026-03-01"})

    assert jsonl_fast.parse_batch([line], first_line=1) is None
