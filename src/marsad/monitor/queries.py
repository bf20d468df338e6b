"""Reads of the Index: trends, breakdowns, top lists and spikes over a period.

Everything here sums the per-part counts `marsad monitor run` stored, so a year
of data is a few tens of thousands of rows and a page answers in milliseconds.
Counts are the model's output, not reviewed labels: callers label them
"estimated" (see docs/pipeline.md).
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, Min, QuerySet, Sum

from marsad.monitor.estimates import seconds_between
from marsad.monitor.models import AccountCount, DailyCount, HashtagCount, TargetCount
from marsad.monitor.pipeline import ALL
from marsad.monitor.review import estimates, reviewed_counts

BREAKDOWNS = ("platform", "lang", "source", "category")
SPIKE_BASELINE_DAYS = 28
SPIKE_SIGMAS = 3.0
SPIKE_MIN_POSTS = 10


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    platform: str = ""
    lang: str = ""
    source: str = ""

    def daily(self) -> QuerySet[DailyCount]:
        rows = DailyCount.objects.filter(day__gte=self.start, day__lte=self.end)
        for name in ("platform", "lang", "source"):
            if getattr(self, name):
                rows = rows.filter(**{name: getattr(self, name)})
        return rows

    @property
    def days(self) -> list[date]:
        return [
            self.start + timedelta(n) for n in range((self.end - self.start).days + 1)
        ]


def data_period() -> tuple[date, date] | None:
    """First and last day with counts, for a default period."""
    days = DailyCount.objects.aggregate(first=Min("day"), last=Max("day"))
    if days["first"] is None:
        return None
    return days["first"], days["last"]


def series(filters: Filters, category: str = ALL) -> list[tuple[date, int]]:
    """Posts per day in the period (zero on days without posts)."""
    counts = dict(
        filters.daily()
        .filter(category=category)
        .values_list("day")
        .annotate(n=Sum("n_posts"))
        .values_list("day", "n")
    )
    return [(day, counts.get(day, 0)) for day in filters.days]


def breakdown(filters: Filters, by: str, category: str = ALL) -> list[tuple[str, int]]:
    """Totals by platform, language, source or category, largest first."""
    if by not in BREAKDOWNS:
        raise ValueError(f"cannot break down by {by!r}; use {', '.join(BREAKDOWNS)}")
    rows = filters.daily()
    rows = (
        rows.exclude(category=ALL)
        if by == "category"
        else rows.filter(category=category)
    )
    totals = rows.values_list(by).annotate(n=Sum("n_posts")).values_list(by, "n")
    return sorted(totals, key=lambda item: (-item[1], item[0]))


def top_hashtags(
    filters: Filters, *, flagged: bool = False, n: int = 20
) -> list[tuple[str, int]]:
    field = "n_flagged" if flagged else "n_posts"
    rows = HashtagCount.objects.filter(day__gte=filters.start, day__lte=filters.end)
    totals = (
        rows.values_list("tag").annotate(total=Sum(field)).values_list("tag", "total")
    )
    return sorted((t for t in totals if t[1]), key=lambda item: (-item[1], item[0]))[:n]


def top_accounts(filters: Filters, *, n: int = 20) -> list[tuple[str, int]]:
    rows = AccountCount.objects.filter(day__gte=filters.start, day__lte=filters.end)
    totals = rows.values_list("account").annotate(total=Sum("n_flagged"))
    return sorted(totals.values_list("account", "total"), key=lambda i: (-i[1], i[0]))[
        :n
    ]


def top_targets(filters: Filters, *, n: int = 20) -> list[tuple[str, int]]:
    rows = TargetCount.objects.filter(day__gte=filters.start, day__lte=filters.end)
    totals = rows.values_list("target").annotate(total=Sum("n_flagged"))
    return sorted(totals.values_list("target", "total"), key=lambda i: (-i[1], i[0]))[
        :n
    ]


@dataclass(frozen=True)
class Spike:
    day: date
    n_posts: int
    baseline: float  # mean of the trailing days
    spread: float  # their standard deviation

    @property
    def ratio(self) -> float:
        return self.n_posts / self.baseline if self.baseline else math.inf


def spikes(filters: Filters, category: str) -> list[Spike]:
    """Days far above their trailing baseline (mean + 3 sd of the 28 days before).

    The baseline reaches back before the period, so its first days are judged
    too; days with fewer than SPIKE_MIN_POSTS never count as spikes.
    """
    wide = Filters(
        filters.start - timedelta(SPIKE_BASELINE_DAYS),
        filters.end,
        filters.platform,
        filters.lang,
        filters.source,
    )
    values = series(wide, category)
    found = []
    for i in range(SPIKE_BASELINE_DAYS, len(values)):
        day, n = values[i]
        before = [count for _d, count in values[i - SPIKE_BASELINE_DAYS : i]]
        mean = sum(before) / len(before)
        sd = math.sqrt(sum((c - mean) ** 2 for c in before) / len(before))
        if n >= SPIKE_MIN_POSTS and n > mean + SPIKE_SIGMAS * max(sd, 1.0):
            found.append(Spike(day, n, round(mean, 2), round(sd, 2)))
    return found


CATEGORIES = ("hate", "offensive", "incitement")


def _seconds(filters: Filters) -> float:
    return ((filters.end - filters.start).days + 1) * 86400.0


def index_summary(filters: Filters) -> dict[str, Any]:
    """Everything the Index dashboard and `/api/v1/monitor/summary` show."""
    all_posts = series(filters)
    reviewed = reviewed_counts(filters.start, filters.end)
    by_category = {c: series(filters, c) for c in CATEGORIES}
    return {
        "start": filters.start,
        "end": filters.end,
        # Model output, not reviewed labels (docs/pipeline.md#how-counts-are-obtained).
        "counts_are": "estimated",
        "n_posts": sum(n for _d, n in all_posts),
        "n_flagged": {c: sum(n for _d, n in s) for c, s in by_category.items()},
        "series": {
            "all": all_posts,
            **by_category,
        },
        "by_platform": breakdown(filters, "platform"),
        "by_lang": breakdown(filters, "lang"),
        "by_source": breakdown(filters, "source"),
        "by_category": breakdown(filters, "category"),
        "top_hashtags": top_hashtags(filters),
        "top_flagged_hashtags": top_hashtags(filters, flagged=True),
        "top_accounts": top_accounts(filters),
        "top_targets": top_targets(filters),
        "reviewed": reviewed,
        "estimates": [
            {
                **e.__dict__,
                "reviewed": reviewed.get(e.category, 0),
                "one_every_seconds": (
                    seconds_between(e.low or 0, e.high or 0, _seconds(filters))
                    if e.is_estimated
                    else None
                ),
            }
            for e in estimates(
                {c: sum(n for _d, n in s) for c, s in by_category.items()}
            )
        ],
        "spikes": [
            {
                "category": c,
                **spike.__dict__,
                "ratio": round(spike.ratio, 2) if spike.baseline else None,
            }
            for c in CATEGORIES
            for spike in spikes(filters, c)
        ],
    }
