from datetime import UTC, datetime
from pathlib import Path

import pytest

from marsad.monitor.connectors import detect_format, jsonl
from marsad.monitor.connectors.base import FileRejectedError
from marsad.monitor.connectors.mapping import load_mapping
from tests.monitor.connectors.conftest import FIXTURES, parse_all

pytestmark = [pytest.mark.unit]


def test_jsonl_reads_good_lines_and_rejects_bad_ones_with_line_and_reason() -> None:
    path = FIXTURES / "jsonl__mixed.jsonl"

    posts, rejected = parse_all(jsonl, path)

    assert [(p.platform, p.post_id, p.created_at.isoformat()) for p in posts] == [
        ("x", "1001", "2026-10-01T10:00:00+00:00"),
        ("telegram", "1002", "2026-10-01T08:00:00+00:00"),
        ("unknown", "1006", "2026-09-21T14:13:20+00:00"),
    ]
    assert [(r.line, r.reason) for r in rejected] == [
        (4, "is not valid JSON (invalid literal, expected 'null')"),
        (5, "text is missing"),
        (6, 'created_at "yesterday" is not an ISO 8601 date'),
        (7, "is a JSON list, not an object"),
        (8, "post id is missing"),
        (9, "likes is negative"),
    ]
    assert {r.file for r in rejected} == {str(path)}


def test_jsonl_keeps_fields_counts_and_the_raw_record() -> None:
    posts, _ = parse_all(jsonl, FIXTURES / "jsonl__mixed.jsonl")
    first = posts[0]

    assert (first.author_handle, first.n_likes, first.n_shares, first.source) == (
        "@amal",
        5,
        1204,
        "test",
    )
    assert first.raw.startswith('{"id": "1001"')
    assert first.created_at == datetime(2026, 10, 1, 10, tzinfo=UTC)


def test_jsonl_mapping_reaches_nested_fields(tmp_path: Path) -> None:
    data = tmp_path / "nested.jsonl"
    data.write_text(
        '{"msg": {"uid": "m-1", "body": "hello there"}, '
        '"sent": "2026-01-02T03:04:05"}\n'
    )
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[fields]\npost_id = "msg.uid"\ntext = "msg.body"\ncreated_at = "sent"\n'
        '[defaults]\nplatform = "whatsapp"\n'
    )

    posts, rejected = parse_all(jsonl, data, mapping=load_mapping(mapping))

    assert rejected == []
    assert [(p.platform, p.post_id, p.text) for p in posts] == [
        ("whatsapp", "m-1", "hello there")
    ]
    assert posts[0].created_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"PK\x03\x04\x00\x00binary", "is a binary file, not a text export"),
        (b'[{"id": 1}]\n', "is not JSON Lines (line 1 is a JSON list)"),
        (b'{\n  "id": 1\n}\n', "is not JSON Lines (line 1 is not JSON)"),
    ],
)
def test_jsonl_refuses_whole_files_that_are_not_jsonl(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)

    with pytest.raises(FileRejectedError) as caught:
        list(jsonl.parse(path, source="test"))

    assert caught.value.reason == reason


def test_jsonl_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileRejectedError, match="does not exist"):
        list(jsonl.parse(tmp_path / "nope.jsonl", source="test"))


def test_format_is_recognised_from_content_not_name(tmp_path: Path) -> None:
    looks_like_csv = tmp_path / "posts.csv"
    looks_like_csv.write_text('{"id": 1, "text": "x"}\n')
    looks_like_json = tmp_path / "posts.json"
    looks_like_json.write_text("id,text\n1,x\n")

    assert detect_format(looks_like_csv) == "jsonl"
    assert detect_format(looks_like_json) == "csv"


@pytest.mark.parametrize("value", ["¹", "٣٤٥", "²⁰²⁶"])
def test_non_ascii_digits_in_a_date_are_rejected_not_crashing(value: str) -> None:
    from marsad.monitor.connectors.base import RecordError, parse_datetime

    with pytest.raises(RecordError, match="is not an ISO 8601 date"):
        parse_datetime(value)
