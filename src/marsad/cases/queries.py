"""Reusable reads of the observatory, with the joins their pages need."""

from django.db.models import Count, QuerySet

from marsad.cases.models import Case, Report
from marsad.core.models import User


def cases_for_list(
    *, status: str = "", assigned_to: User | None = None
) -> QuerySet[Case]:
    cases = Case.objects.prefetch_related("assignees", "tags").annotate(
        n_reports=Count("reports", distinct=True)
    )
    if status:
        cases = cases.filter(status=status)
    if assigned_to is not None:
        cases = cases.filter(assignees=assigned_to)
    return cases


def new_reports() -> QuerySet[Report]:
    """Reports not yet in a case, oldest first: the order they should be read."""
    return (
        Report.objects.filter(case__isnull=True)
        .annotate(n_files=Count("evidence"))
        .order_by("created_at", "id")
    )


def case_handlers() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, groups__permissions__codename="change_case")
        .distinct()
        .order_by("username")
    )
