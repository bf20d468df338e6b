from pathlib import Path

import pytest

from marsad.monitor.connectors import csv as csv_connector
from marsad.monitor.connectors.base import FileRejectedError
from marsad.monitor.connectors.mapping import MappingError, load_mapping
from tests.monitor.connectors.conftest import FIXTURES, parse_all

pytestmark = [pytest.mark.unit]


def test_csv_excel_export_with_bom_semicolons_and_mapping() -> None:
    mapping = load_mapping(FIXTURES / "csv__columns.toml")

    posts, rejected = parse_all(
        csv_connector, FIXTURES / "csv__excel_bom_semicolon.csv", mapping=mapping
    )

    assert [
        (p.platform, p.post_id, p.text, p.author_handle, p.n_shares) for p in posts
    ] == [
        ("facebook", "501", 'صباح الخير يا، "أهل" القدس', "فلسطين اليوم", 12),
    ]
    assert posts[0].created_at.isoformat() == "2026-09-30T08:15:00+00:00"
    assert [(r.line, r.reason) for r in rejected] == [
        (3, 'created_at "30/09/2026" is not an ISO 8601 date'),
        (5, "has 2 cells, the header has 5"),
    ]
    assert posts[0].raw.startswith('{"ID":"501","Message":')


def test_csv_reads_windows_1256_arabic(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    text = "id,text,created_at\n7,مرحبا بالجميع في حيفا,2019-05-01T12:00:00Z\n"
    path.write_bytes(text.encode("cp1256"))

    posts, rejected = parse_all(csv_connector, path)

    assert rejected == []
    assert [(p.post_id, p.text) for p in posts] == [("7", "مرحبا بالجميع في حيفا")]


def test_csv_without_a_text_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("a,b,c\n1,2,3\n")

    with pytest.raises(FileRejectedError, match="has no text column"):
        list(csv_connector.parse(path, source="test"))


def test_csv_that_stops_being_utf8_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    good = "".join(f"{i},post number {i},2026-01-01T00:00:00Z\n" for i in range(3000))
    path.write_bytes(
        b"id,text,created_at\n" + good.encode() + b"9999,\xff\xfe bad,2026-01-01\n"
    )

    with pytest.raises(FileRejectedError, match="is not valid utf-8 text"):
        list(csv_connector.parse(path, source="test"))


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[fields]\nbody = 'x'\n", "unknown fields body"),
        ("[colums]\ntext = 'x'\n", "unknown sections colums"),
        ("[fields\n", "is not valid TOML"),
    ],
)
def test_bad_mapping_files_are_named(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "m.toml"
    path.write_text(toml)

    with pytest.raises(MappingError, match=message):
        load_mapping(path)
