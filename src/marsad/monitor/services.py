"""Monitoring actions with this installation's settings; CLI, API, tasks call these."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings

from marsad.core import crypto
from marsad.monitor.connectors.mapping import load_mapping
from marsad.monitor.ingest import IngestSummary, Options, ingest_paths
from marsad.monitor.lake import Lake, check_source_name


def lake() -> Lake:
    return Lake(settings.MARSAD_LAKE_DIR)


def ingest_files(
    paths: Sequence[Path],
    *,
    source: str,
    fmt: str = "auto",
    mapping: Path | None = None,
) -> IngestSummary:
    """Read export files into the lake (see `marsad.monitor.ingest`).

    With MARSAD_PSEUDONYMISE_AUTHORS on, authors are stored under a keyed pseudonym
    and the raw record, which names them, is stored encrypted.
    """
    pseudonymise = settings.MARSAD_PSEUDONYMISE_AUTHORS
    options = Options(
        source=check_source_name(source),
        fmt=fmt,
        mapping=load_mapping(mapping),
        pseudonym_key=settings.MARSAD_PSEUDONYM_KEY.encode() if pseudonymise else None,
        protect_raw=crypto.encrypt if pseudonymise else None,
    )
    return ingest_paths(paths, lake(), options)


def lake_stats() -> dict[str, Any]:
    return lake().stats()
