import json
from pathlib import Path

import pytest

from marsad.cli import main

pytestmark = [pytest.mark.integration]

MIXED = Path(__file__).parent / "connectors" / "fixtures" / "jsonl__mixed.jsonl"


@pytest.fixture(autouse=True)
def _lake(settings: object, tmp_path: Path) -> None:
    settings.MARSAD_LAKE_DIR = tmp_path / "lake"


def test_ingest_json_summary_then_stats(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["monitor", "ingest", str(MIXED), "--source", "s1", "--json"])
    out, err = capsys.readouterr()

    summary = json.loads(out)
    assert status == 0
    assert {k: summary[k] for k in ("read", "stored", "duplicates", "rejected")} == {
        "read": 9,
        "stored": 3,
        "duplicates": 0,
        "rejected": 6,
    }
    assert summary["errors"][0] == {
        "file": str(MIXED),
        "line": 4,
        "reason": "is not valid JSON (invalid literal, expected 'null')",
    }
    assert (
        f'{MIXED}:6: created_at "yesterday" is not an ISO 8601 date' in err.splitlines()
    )

    assert main(["monitor", "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["by_source"] == {"s1": 3}


def test_refused_file_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")

    status = main(["monitor", "ingest", str(empty), "--source", "s1"])
    out, err = capsys.readouterr()

    assert status == 1
    assert out == "read 0, stored 0, duplicates 0, rejected 0\n"
    assert err == f"{empty}: is empty\n"


def test_bad_source_name_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["monitor", "ingest", str(MIXED), "--source", "../etc"])

    assert status == 1
    assert "source name '../etc' must be 1-64 letters" in capsys.readouterr().err
