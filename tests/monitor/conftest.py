"""The demo posts in a lake of the test's own, ingested and, when asked, scored."""

from pathlib import Path
from typing import Any

import pytest

from marsad.core.demo import DEMO_POSTS
from marsad.monitor.runs import run_pipeline
from marsad.monitor.services import ingest_files


@pytest.fixture
def demo_lake(settings: Any, tmp_path: Path) -> Path:
    settings.MARSAD_LAKE_DIR = tmp_path / "lake"
    summary = ingest_files([DEMO_POSTS], source="demo", fmt="jsonl")
    assert summary.stored == 36
    return settings.MARSAD_LAKE_DIR


@pytest.fixture
def scored_demo(demo_lake: Path, db: None) -> Path:
    """The demo lake after `marsad monitor run` (one worker, in this process)."""
    run_pipeline(engine="local", workers=1)
    return demo_lake
