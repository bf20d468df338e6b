"""Cases: opening them from reports, assigning, verifying, notes, tags, escalations.

Every change writes a line on the case's timeline (what, who, when) and an event
in the audit log, in the same transaction as the change itself.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from marsad.cases.access import require_case_staff, require_personal_access
from marsad.cases.enums import (
    CLOSED_STATUSES,
    NEXT_STATUSES,
    CaseStatus,
    ChecklistItem,
    EscalationChannel,
    EventKind,
    Outcome,
    Platform,
)
from marsad.cases.models import Case, CaseEvent, CaseNote, Escalation, Report, Tag
from marsad.core.audit import record_event
from marsad.core.enums import AuditAction
from marsad.core.models import User


class CaseError(ValueError):
    """A change the case's state does not allow; the message says why."""


def _log(
    case: Case,
    kind: EventKind,
    *,
    actor: User,
    request: HttpRequest | None,
    detail: dict[str, Any] | None = None,
    action: AuditAction = AuditAction.UPDATE,
) -> None:
    CaseEvent.objects.create(case=case, actor=actor, kind=kind, detail=detail or {})
    record_event(
        actor=actor,
        action=action,
        target=case,
        request=request,
        detail={"change": str(kind), **(detail or {})},
    )


@transaction.atomic
def open_case(
    report: Report,
    *,
    actor: User,
    title: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Turn a new report into a case, assigned to the handler who opened it."""
    require_case_staff(actor)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.case is not None:
        raise CaseError(f"{report} is already in case {report.case.reference}")
    case = Case.objects.create(
        title=title.strip()[:200]
        or f"{report.get_violation_type_display()} · {report.get_platform_display()}",
        violation_type=report.violation_type,
        platform=report.platform,
        incident_date=report.incident_date,
    )
    case.assignees.add(actor)
    _attach(report, case)
    _log(
        case,
        EventKind.OPENED,
        actor=actor,
        request=request,
        detail={"report": str(report)},
        action=AuditAction.CREATE,
    )
    return case


def _attach(report: Report, case: Case) -> None:
    report.case = case
    report.save(update_fields=["case"])
    report.evidence.update(case=case)


@transaction.atomic
def add_report_to_case(
    report: Report, case: Case, *, actor: User, request: HttpRequest | None = None
) -> None:
    """Merge a report about an incident that already has a case into that case."""
    require_personal_access(actor, case)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.case is not None:
        raise CaseError(f"{report} is already in case {report.case.reference}")
    _attach(report, case)
    _log(
        case,
        EventKind.REPORT_ADDED,
        actor=actor,
        request=request,
        detail={"report": str(report)},
    )


@transaction.atomic
def set_assignees(
    case: Case,
    *,
    handlers: Iterable[User],
    actor: User,
    request: HttpRequest | None = None,
) -> None:
    """Who works on the case. Any case staff member may take an unassigned case."""
    require_case_staff(actor)
    handlers = list(handlers)
    if case.assignees.exists():
        require_personal_access(actor, case)
    for handler in handlers:
        if not handler.has_perm("cases.change_case"):
            raise CaseError(f"{handler.get_username()} does not handle cases")
    case.assignees.set(handlers)
    _log(
        case,
        EventKind.ASSIGNED,
        actor=actor,
        request=request,
        detail={"handlers": sorted(h.get_username() for h in handlers)},
    )


@transaction.atomic
def set_checklist(
    case: Case,
    *,
    done: Iterable[str],
    actor: User,
    request: HttpRequest | None = None,
) -> None:
    require_personal_access(actor, case)
    ticked = set(done)
    unknown = ticked - set(ChecklistItem.values)
    if unknown:
        raise CaseError(f"unknown checklist items: {', '.join(sorted(unknown))}")
    case.checklist = {item: item in ticked for item in ChecklistItem.values}
    case.save(update_fields=["checklist", "updated_at"])
    _log(
        case,
        EventKind.CHECKLIST,
        actor=actor,
        request=request,
        detail={"done": sorted(ticked)},
    )


def missing_checks(case: Case) -> list[str]:
    return [item for item in ChecklistItem.values if not case.checklist.get(item)]


@transaction.atomic
def change_status(
    case: Case,
    *,
    status: str,
    actor: User,
    outcome: str = "",
    request: HttpRequest | None = None,
) -> None:
    """Move the case along its workflow (see `NEXT_STATUSES`).

    A case is verified only once its checklist is complete; a resolved case
    says its outcome.
    """
    require_personal_access(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if status not in NEXT_STATUSES.get(case.status, set()):
        raise CaseError(f"{case.reference} cannot go from {case.status} to {status}")
    if status == CaseStatus.VERIFIED and missing_checks(case):
        raise CaseError(
            f"{case.reference}: tick every checklist item before verifying "
            f"(missing: {', '.join(missing_checks(case))})"
        )
    if status == CaseStatus.RESOLVED:
        if outcome not in Outcome.values or outcome == Outcome.PENDING:
            raise CaseError(f"{case.reference}: say the outcome when resolving")
        case.outcome = outcome
    previous = case.status
    case.status = status
    case.closed_at = timezone.now() if status in CLOSED_STATUSES else None
    case.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    _log(
        case,
        EventKind.STATUS,
        actor=actor,
        request=request,
        detail={"from": previous, "to": status, "outcome": case.outcome},
    )


@transaction.atomic
def add_note(
    case: Case, *, text: str, actor: User, request: HttpRequest | None = None
) -> CaseNote:
    require_personal_access(actor, case)
    if not text.strip():
        raise CaseError("the note is empty")
    note = CaseNote.objects.create(case=case, author=actor, text=text.strip())
    _log(case, EventKind.NOTE, actor=actor, request=request, detail={"note": note.pk})
    return note


@transaction.atomic
def set_tags(
    case: Case,
    *,
    names: Iterable[str],
    actor: User,
    request: HttpRequest | None = None,
) -> None:
    require_personal_access(actor, case)
    clean = sorted({name.strip()[:60] for name in names if name.strip()})
    tags = [Tag.objects.get_or_create(name=name)[0] for name in clean]
    case.tags.set(tags)
    _log(case, EventKind.TAGS, actor=actor, request=request, detail={"tags": clean})


@transaction.atomic
def escalate_case(
    case: Case,
    *,
    platform: str,
    channel: str,
    sent_on: date,
    actor: User,
    reference: str = "",
    request: HttpRequest | None = None,
) -> Escalation:
    """Record that the case was raised with a platform; a verified case moves on."""
    require_personal_access(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in {CaseStatus.VERIFIED, CaseStatus.ESCALATED}:
        raise CaseError(f"{case.reference}: verify the case before escalating it")
    if platform not in Platform.values or channel not in EscalationChannel.values:
        raise CaseError(f"unknown platform {platform!r} or channel {channel!r}")
    if sent_on > timezone.localdate():
        raise CaseError("the escalation date is in the future")
    escalation = Escalation.objects.create(
        case=case,
        platform=platform,
        channel=channel,
        sent_on=sent_on,
        reference=reference.strip()[:200],
        created_by=actor,
    )
    if case.status == CaseStatus.VERIFIED:
        case.status = CaseStatus.ESCALATED
        case.save(update_fields=["status", "updated_at"])
    _log(
        case,
        EventKind.ESCALATED,
        actor=actor,
        request=request,
        detail={"escalation": escalation.pk, "platform": platform, "channel": channel},
    )
    return escalation


@transaction.atomic
def record_response(
    escalation: Escalation,
    *,
    outcome: str,
    actor: User,
    response: str = "",
    responded_on: date | None = None,
    request: HttpRequest | None = None,
) -> None:
    """What the platform answered; the case's outcome follows its latest answer."""
    case = escalation.case
    require_personal_access(actor, case)
    if outcome not in Outcome.values:
        raise CaseError(f"unknown outcome {outcome!r}")
    escalation.outcome = outcome
    escalation.response = response.strip()
    escalation.responded_on = responded_on or timezone.localdate()
    escalation.save(update_fields=["outcome", "response", "responded_on"])
    if outcome != Outcome.PENDING:
        case.outcome = outcome
        case.save(update_fields=["outcome", "updated_at"])
    _log(
        case,
        EventKind.RESPONSE,
        actor=actor,
        request=request,
        detail={"escalation": escalation.pk, "outcome": outcome},
    )
