"""Monitoring actions with this installation's settings; CLI, API, tasks call these."""

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from marsad.core import crypto
from marsad.core.audit import record_event
from marsad.core.enums import AuditAction
from marsad.monitor import live
from marsad.monitor.connectors.mapping import load_mapping
from marsad.monitor.enums import SourceKind
from marsad.monitor.ingest import IngestSummary, Options, ingest_paths, ingest_stream
from marsad.monitor.lake import Lake, check_source_name
from marsad.monitor.models import Source


def lake() -> Lake:
    return Lake(settings.MARSAD_LAKE_DIR)


def _options(source: str, **kwargs: Any) -> Options:
    """Ingest options with this installation's pseudonymisation settings.

    With MARSAD_PSEUDONYMISE_AUTHORS on, authors are stored under a keyed pseudonym
    and the raw record, which names them, is stored encrypted.
    """
    pseudonymise = settings.MARSAD_PSEUDONYMISE_AUTHORS
    return Options(
        source=check_source_name(source),
        pseudonym_key=settings.MARSAD_PSEUDONYM_KEY.encode() if pseudonymise else None,
        protect_raw=crypto.encrypt if pseudonymise else None,
        **kwargs,
    )


def ingest_files(
    paths: Sequence[Path],
    *,
    source: str,
    fmt: str = "auto",
    mapping: Path | None = None,
) -> IngestSummary:
    """Read export files into the lake (see `marsad.monitor.ingest`).

    Files of more than one batch use a second process when this machine has a
    second core.
    """
    workers = 2 if (os.cpu_count() or 1) >= 2 else 1
    options = _options(source, fmt=fmt, mapping=load_mapping(mapping), workers=workers)
    return ingest_paths(paths, lake(), options)


def lake_stats() -> dict[str, Any]:
    return lake().stats()


@transaction.atomic
def create_source(
    *, name: str, kind: SourceKind, base_url: str, query: str, access_token: str = ""
) -> Source:
    check_source_name(name)
    source = Source.objects.create(
        name=name,
        kind=kind,
        base_url=base_url.rstrip("/"),
        query=query,
        access_token=access_token,
    )
    record_event(actor=None, action=AuditAction.CREATE, target=source)
    return source


@transaction.atomic
def delete_source(source: Source) -> None:
    """Forget the live source; posts it brought stay in the lake."""
    record_event(actor=None, action=AuditAction.DELETE, target=source)
    source.delete()


def fetch_source(source: Source) -> IngestSummary:
    """Poll one live source and store its new posts; its state moves only on success."""
    if source.kind == SourceKind.MASTODON:
        fetched = live.fetch_mastodon(
            base_url=source.base_url,
            hashtag=source.query,
            state=source.state,
            access_token=source.access_token,
        )
    else:
        fetched = live.fetch_bluesky(
            base_url=source.base_url, query=source.query, state=source.state
        )
    summary = ingest_stream(fetched.items, lake(), _options(source.name))
    Source.objects.filter(pk=source.pk).update(
        state=fetched.state,
        last_fetched_at=timezone.now(),
        n_fetched=F("n_fetched") + summary.stored,
    )
    source.refresh_from_db()
    return summary
