"""Counts of documented violations, for the public and for staff.

The public figures count verified cases whose reporters agreed to anonymised
statistics, and hide every count below MARSAD_STATISTICS_MIN_COUNT ("fewer than
5"). Hiding one cell is not enough when the table total is shown, since the
missing cell is the total minus the rest; then the next smallest cell is hidden
too (secondary suppression), so no small count can be worked out.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from marsad.cases.enums import (
    DOCUMENTED_STATUSES,
    REMEDIED_OUTCOMES,
    Outcome,
    Platform,
    ViolationType,
)
from marsad.cases.models import Case, Escalation, Report

DIMENSIONS = ("violation_type", "platform", "month", "outcome")


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    count: int | None  # None: hidden, fewer than the threshold

    @property
    def is_suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Table:
    dimension: str
    cells: list[Cell]
    total: int | None


@dataclass(frozen=True)
class Statistics:
    tables: dict[str, Table]
    n_escalated: int | None
    remedied_share: float | None  # share of escalated cases the platform remedied
    min_count: int | None  # None: staff figures, nothing hidden


def documented_cases() -> QuerySet[Case]:
    """Confirmed violations a reporter allowed us to count (or staff opened alone)."""
    consenting = Report.objects.filter(case=OuterRef("pk"), has_statistics_consent=True)
    any_report = Report.objects.filter(case=OuterRef("pk"))
    return Case.objects.filter(status__in=DOCUMENTED_STATUSES).filter(
        Q(Exists(consenting)) | ~Q(Exists(any_report))
    )


def suppress(
    counts: dict[str, int], min_count: int
) -> tuple[dict[str, int | None], int | None]:
    """Hide small cells, and one more when a single hidden cell could be derived."""
    total = sum(counts.values())
    shown: dict[str, int | None] = {
        key: (None if 0 < n < min_count else n) for key, n in counts.items()
    }
    hidden = [key for key, n in shown.items() if n is None]
    if len(hidden) == 1:
        visible = sorted((n, key) for key, n in shown.items() if n)
        if visible:
            shown[visible[0][1]] = None
        else:
            return shown, None
    return shown, (total if total >= min_count else None)


def _month(case: Case) -> str:
    when = case.incident_date or case.created_at
    return f"{when.year:04d}-{when.month:02d}"


def _labels(dimension: str) -> dict[str, str]:
    choices = {
        "violation_type": ViolationType,
        "platform": Platform,
        "outcome": Outcome,
    }.get(dimension)
    return {} if choices is None else {v: str(label) for v, label in choices.choices}


def _table(dimension: str, counts: Counter[str], min_count: int | None) -> Table:
    labels = _labels(dimension)
    keys = list(labels) if labels else sorted(counts)
    raw = {key: counts.get(key, 0) for key in keys}
    if min_count is None:
        shown: dict[str, int | None] = dict(raw)
        total: int | None = sum(raw.values())
    else:
        shown, total = suppress(raw, min_count)
    cells = [Cell(key, labels.get(key, key), shown[key]) for key in keys]
    return Table(dimension, cells, total)


def case_statistics(
    *, min_count: int | None, since: datetime | None = None
) -> Statistics:
    """Tables by violation, platform, month and outcome (None: staff, unhidden)."""
    cases = documented_cases()
    if since is not None:
        cases = cases.filter(created_at__gte=since)
    escalated_ids = set(
        Escalation.objects.filter(case__in=cases).values_list("case_id", flat=True)
    )
    counters: dict[str, Counter[str]] = {name: Counter() for name in DIMENSIONS}
    for case in cases.only(
        "violation_type", "platform", "incident_date", "created_at", "outcome"
    ):
        counters["violation_type"][case.violation_type] += 1
        counters["platform"][case.platform] += 1
        counters["month"][_month(case)] += 1
        if case.pk in escalated_ids:
            counters["outcome"][case.outcome or Outcome.PENDING] += 1
    tables = {name: _table(name, counters[name], min_count) for name in DIMENSIONS}
    return Statistics(
        tables=tables,
        n_escalated=tables["outcome"].total,
        remedied_share=_remedied_share(tables["outcome"]),
        min_count=min_count,
    )


def _remedied_share(outcomes: Table) -> float | None:
    """Hidden if any count it rests on is hidden: a share can reveal a small count."""
    if not outcomes.total:
        return None
    remedied = [c.count for c in outcomes.cells if c.key in REMEDIED_OUTCOMES]
    if any(n is None for n in remedied):
        return None
    return round(sum(n or 0 for n in remedied) / outcomes.total, 3)
