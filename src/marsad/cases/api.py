"""The observatory's JSON API, mounted at /api/v1/cases/.

Public: file a report, check it by receipt code, read the suppressed statistics.
Staff (token): list and read cases, change status, record escalations, full
statistics, with the same rights as the pages (`marsad.cases.access`).
The receipt code travels in request bodies, never in URLs, so that it does not
end up in server and proxy logs.
"""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from marsad.api.auth import ApiTokenAuth
from marsad.cases import throttle
from marsad.cases.access import can_read_personal_data, is_case_staff
from marsad.cases.models import Case
from marsad.cases.services import casework, intake
from marsad.cases.services.evidence import EvidenceRefusedError
from marsad.cases.statistics import Statistics, case_statistics
from marsad.core.access import signed_in_user
from marsad.core.audit import record_read
from marsad.core.models import User

router = Router(tags=["cases"])


class ReportIn(Schema):
    violation_type: str
    platform: str
    language: str = "en"
    links: list[str] = []
    incident_date: date | None = None
    description: str = ""
    wants_contact: bool = False
    contact_name: str = ""
    contact_method: str = ""
    contact_value: str = ""
    consent_store: bool = False
    consent_statistics: bool = False


class ReceiptOut(Schema):
    receipt_code: str
    status: str


class CodeIn(Schema):
    receipt_code: str


class StatusOut(Schema):
    status: str
    status_label: str
    outcome: str
    received_at: datetime
    updated_at: datetime
    n_additions: int


class Problem(Schema):
    detail: str


class CellOut(Schema):
    key: str
    label: str
    count: int | None


class TableOut(Schema):
    cells: list[CellOut]
    total: int | None


class StatisticsOut(Schema):
    min_count: int | None
    tables: dict[str, TableOut]
    n_escalated: int | None
    remedied_share: float | None


class EscalationOut(Schema):
    id: int
    platform: str
    channel: str
    sent_on: date
    reference: str
    outcome: str
    responded_on: date | None


class CaseOut(Schema):
    id: int
    reference: str
    title: str
    violation_type: str
    platform: str
    status: str
    outcome: str
    incident_date: date | None
    created_at: datetime
    updated_at: datetime
    assignees: list[str]
    tags: list[str]


class ReportOut(Schema):
    id: int
    created_at: datetime
    language: str
    links: list[str]
    description: str
    wants_contact: bool
    contact_name: str
    contact_method: str
    contact_value: str


class CaseDetailOut(CaseOut):
    escalations: list[EscalationOut]
    # None when the caller may not read personal data of this case.
    reports: list[ReportOut] | None


class StatusIn(Schema):
    status: str
    outcome: str = ""


class EscalationIn(Schema):
    platform: str
    channel: str
    sent_on: date
    reference: str = ""


@router.post(
    "/reports", response={201: ReceiptOut, 400: Problem, 429: Problem}, auth=None
)
def submit_report(request: HttpRequest, payload: ReportIn) -> Status:
    """File a report; the answer holds the receipt code, shown only this once."""
    if not throttle.allow_report(request):
        return Status(429, Problem(detail="too many reports from this address"))
    data = intake.ReportInput(
        **payload.dict(exclude={"consent_store", "consent_statistics"}),
        has_storage_consent=payload.consent_store,
        has_statistics_consent=payload.consent_statistics,
    )
    try:
        report, code = intake.submit_report(
            data, uploads=[], today=timezone.localdate()
        )
    except (intake.ReportRefusedError, EvidenceRefusedError) as exc:
        return Status(400, Problem(detail=str(exc)))
    status = intake.status_of(report).status
    return Status(201, ReceiptOut(receipt_code=code, status=status))


@router.post(
    "/reports/status", response={200: StatusOut, 404: Problem, 429: Problem}, auth=None
)
def report_status(request: HttpRequest, payload: CodeIn) -> Status:
    if not throttle.allow_lookup(request):
        return Status(429, Problem(detail="too many lookups from this address"))
    report = intake.report_for_code(payload.receipt_code)
    if report is None:
        return Status(404, Problem(detail="no report has this receipt code"))
    found = intake.status_of(report)
    return Status(
        200,
        StatusOut(
            status=found.status,
            status_label=str(found.status.label),
            outcome=found.outcome,
            received_at=found.received_at,
            updated_at=found.updated_at,
            n_additions=found.n_additions,
        ),
    )


def _statistics_out(stats: Statistics) -> StatisticsOut:
    return StatisticsOut(
        min_count=stats.min_count,
        tables={
            name: TableOut(
                cells=[
                    CellOut(key=c.key, label=c.label, count=c.count) for c in t.cells
                ],
                total=t.total,
            )
            for name, t in stats.tables.items()
        },
        n_escalated=stats.n_escalated,
        remedied_share=stats.remedied_share,
    )


@router.get("/statistics", response=StatisticsOut, auth=None)
def public_statistics(request: HttpRequest) -> StatisticsOut:
    """Documented violations; counts under the threshold are null (hidden)."""
    return _statistics_out(
        case_statistics(min_count=settings.MARSAD_STATISTICS_MIN_COUNT)
    )


def _staff(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not is_case_staff(user):
        raise HttpError(403, "this token's owner does not work on cases")
    return user


def _case_out(case: Case) -> dict[str, object]:
    return {
        "id": case.pk,
        "reference": case.reference,
        "title": case.title,
        "violation_type": case.violation_type,
        "platform": case.platform,
        "status": case.status,
        "outcome": case.outcome,
        "incident_date": case.incident_date,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
        "assignees": [u.get_username() for u in case.assignees.all()],
        "tags": [t.name for t in case.tags.all()],
    }


@router.get("/", response=list[CaseOut], auth=ApiTokenAuth())
def list_cases(request: HttpRequest, status: str = "") -> list[dict[str, object]]:
    _staff(request)
    cases = Case.objects.prefetch_related("assignees", "tags")
    if status:
        cases = cases.filter(status=status)
    return [_case_out(case) for case in cases[:1000]]


@router.get("/{case_id}", response=CaseDetailOut, auth=ApiTokenAuth())
def case_detail(request: HttpRequest, case_id: int) -> dict[str, object]:
    """A case; its reports (personal data) only for assignees and admins, logged."""
    user = _staff(request)
    case = get_object_or_404(
        Case.objects.prefetch_related("assignees", "tags", "escalations"), pk=case_id
    )
    reports = None
    if can_read_personal_data(user, case):
        record_read(actor=user, target=case, request=request)
        reports = [
            {
                "id": r.pk,
                "created_at": r.created_at,
                "language": r.language,
                "links": r.link_list,
                "description": r.description,
                "wants_contact": r.wants_contact,
                "contact_name": r.contact_name,
                "contact_method": r.contact_method,
                "contact_value": r.contact_value,
            }
            for r in case.reports.all()
        ]
    escalations = [
        {
            "id": e.pk,
            "platform": e.platform,
            "channel": e.channel,
            "sent_on": e.sent_on,
            "reference": e.reference,
            "outcome": e.outcome,
            "responded_on": e.responded_on,
        }
        for e in case.escalations.all()
    ]
    return {**_case_out(case), "escalations": escalations, "reports": reports}


def _apply(request: HttpRequest, case_id: int, change: object) -> Status:
    user = _staff(request)
    case = get_object_or_404(Case, pk=case_id)
    try:
        change(case, user)  # type: ignore[operator]
    except PermissionDenied:
        raise HttpError(403, f"not assigned to case {case.reference}") from None
    except casework.CaseError as exc:
        return Status(400, Problem(detail=str(exc)))
    return Status(200, case_detail(request, case_id))


@router.post(
    "/{case_id}/status",
    response={200: CaseDetailOut, 400: Problem},
    auth=ApiTokenAuth(),
)
def change_status(request: HttpRequest, case_id: int, payload: StatusIn) -> Status:
    return _apply(
        request,
        case_id,
        lambda case, user: casework.change_status(
            case,
            status=payload.status,
            outcome=payload.outcome,
            actor=user,
            request=request,
        ),
    )


@router.post(
    "/{case_id}/escalations",
    response={200: CaseDetailOut, 400: Problem},
    auth=ApiTokenAuth(),
)
def escalate(request: HttpRequest, case_id: int, payload: EscalationIn) -> Status:
    return _apply(
        request,
        case_id,
        lambda case, user: casework.escalate_case(
            case, actor=user, request=request, **payload.dict()
        ),
    )


@router.get("/statistics/full", response=StatisticsOut, auth=ApiTokenAuth())
def full_statistics(request: HttpRequest) -> StatisticsOut:
    """Staff figures: nothing hidden."""
    _staff(request)
    return _statistics_out(case_statistics(min_count=None))
