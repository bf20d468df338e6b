"""Deleting reporters' contact data once it is no longer needed.

A reporter gives a name and a number so that staff can reach them while the case
is open. MARSAD_CONTACT_RETENTION_MONTHS after the case is closed (or after the
report arrived, for reports that never became a case), the name, contact method
and contact are erased. The report, its description and its evidence stay.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from marsad.cases.enums import CLOSED_STATUSES, EventKind
from marsad.cases.models import CaseEvent, Report
from marsad.core.audit import record_event
from marsad.core.enums import AuditAction

DAYS_PER_MONTH = 30.437


def retention_cutoff(now: datetime, months: int) -> datetime:
    return now - timedelta(days=round(months * DAYS_PER_MONTH))


def purge_contact_data(
    *, now: datetime | None = None, months: int | None = None, dry_run: bool = False
) -> int:
    """Erase contact data past the retention period; returns how many reports."""
    months = months or settings.MARSAD_CONTACT_RETENTION_MONTHS
    cutoff = retention_cutoff(now or timezone.now(), months)
    # Contact data is stored only with a contact method (an encrypted field cannot
    # be filtered on), so the method says whether there is anything to erase.
    due = (
        Report.objects.exclude(contact_method="")
        .filter(
            Q(case__isnull=True, created_at__lt=cutoff)
            | Q(case__status__in=CLOSED_STATUSES, case__closed_at__lt=cutoff)
        )
        .filter(contact_purged_at__isnull=True)
    )
    reports = list(due.select_related("case"))
    if dry_run:
        return len(reports)
    purged_at = timezone.now()
    for report in reports:
        with transaction.atomic():
            report.contact_name = ""
            report.contact_value = ""
            report.contact_method = ""
            report.contact_purged_at = purged_at
            report.save(
                update_fields=[
                    "contact_name",
                    "contact_value",
                    "contact_method",
                    "contact_purged_at",
                ]
            )
            record_event(
                actor=None,
                action=AuditAction.DELETE,
                target=report,
                actor_username="retention",
                detail={"erased": "contact", "months": months},
            )
            if report.case is not None:
                CaseEvent.objects.create(
                    case=report.case,
                    kind=EventKind.CONTACT_PURGED,
                    detail={"report": str(report)},
                )
    return len(reports)
