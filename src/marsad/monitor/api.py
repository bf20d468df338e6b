"""The Index through the API, mounted at /api/v1/monitor/ (analysts' tokens)."""

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from marsad.api.auth import ApiTokenAuth
from marsad.core.access import signed_in_user
from marsad.monitor.queries import Filters, data_period, index_summary

router = Router(tags=["monitor"], auth=ApiTokenAuth())


def default_period() -> tuple[date, date]:
    """The last 90 days that have data (or the last 90 days)."""
    known = data_period()
    end = known[1] if known else date.today()  # noqa: DTZ011 (a calendar day)
    return end - timedelta(89), end


class PeriodIn(Schema):
    start: date | None = None
    end: date | None = None
    platform: str = ""
    lang: str = ""
    source: str = ""


@router.get("/summary", response=dict[str, Any])
def summary(request: HttpRequest, period: Query[PeriodIn]) -> dict[str, Any]:
    """Trends, breakdowns, top hashtags, accounts and targets, and spikes.

    Counts are the classifier's output (`counts_are: "estimated"`).
    """
    if not signed_in_user(request).has_perm("monitor.view_dailycount"):
        raise HttpError(403, "this token's owner does not see the Index")
    first, last = default_period()
    filters = Filters(
        period.start or first,
        period.end or last,
        period.platform,
        period.lang,
        period.source,
    )
    if filters.end < filters.start:
        raise HttpError(400, "end is before start")
    return index_summary(filters)
