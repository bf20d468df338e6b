"""Reports from the public: submission, status by receipt code, additions.

Nothing here records the reporter's address: public submissions enter the audit
log without one, so the log cannot be used to find who reported.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from marsad.cases import receipts
from marsad.cases.enums import (
    CLOSED_STATUSES,
    CaseStatus,
    ContactMethod,
    Outcome,
    Platform,
    PublicStatus,
    ViolationType,
)
from marsad.cases.models import Report, ReportAddition
from marsad.cases.services.evidence import Upload, attach_uploads, staged_uploads
from marsad.core.audit import record_event
from marsad.core.enums import AuditAction

MAX_TEXT = 20_000
MAX_LINKS = 30


class ReportRefusedError(ValueError):
    """The submission cannot be stored as it is; the message says what to fix."""


@dataclass
class ReportInput:
    violation_type: str
    platform: str
    language: str = "en"
    links: list[str] = field(default_factory=list)
    incident_date: date | None = None
    description: str = ""
    wants_contact: bool = False
    contact_name: str = ""
    contact_method: str = ""
    contact_value: str = ""
    has_storage_consent: bool = False
    has_statistics_consent: bool = False


def _validate(data: ReportInput, *, today: date) -> None:
    """The same rules for the form and the API, so neither can skip one.

    Messages are in the active language (the reporter's, on the form).
    """
    problem = _first_problem(data, today=today)
    if problem:
        raise ReportRefusedError(problem)


def _first_problem(data: ReportInput, *, today: date) -> str | None:
    checks = [
        (
            not data.has_storage_consent,
            _("consent to store the report is needed to accept it"),
        ),
        (
            data.violation_type not in ViolationType.values,
            _("choose what happened from the list"),
        ),
        (data.platform not in Platform.values, _("choose a platform from the list")),
        (
            data.incident_date is not None and data.incident_date > today,
            _("the date of the incident is in the future"),
        ),
        (
            len(data.description) > MAX_TEXT,
            _("the text is longer than %(count)d characters") % {"count": MAX_TEXT},
        ),
        (
            len(data.links) > MAX_LINKS,
            _("more than %(count)d links") % {"count": MAX_LINKS},
        ),
        (
            not (data.description.strip() or data.links),
            _("say what happened or give at least one link"),
        ),
        (
            data.wants_contact and data.contact_method not in ContactMethod.values,
            _("choose how we should contact you"),
        ),
        (
            data.wants_contact and not data.contact_value.strip(),
            _("give the address or number we should contact"),
        ),
    ]
    return next((str(message) for failed, message in checks if failed), None)


def _create(data: ReportInput, code: str) -> Report:
    return Report.objects.create(
        receipt_digest=receipts.digest(code) or "",
        language=data.language,
        violation_type=data.violation_type,
        platform=data.platform,
        incident_date=data.incident_date,
        links="\n".join(link.strip() for link in data.links if link.strip()),
        description=data.description.strip(),
        wants_contact=data.wants_contact,
        contact_name=data.contact_name.strip() if data.wants_contact else "",
        contact_method=data.contact_method if data.wants_contact else "",
        contact_value=data.contact_value.strip() if data.wants_contact else "",
        has_statistics_consent=data.has_statistics_consent,
    )


def submit_report(
    data: ReportInput, *, uploads: list[Upload], today: date
) -> tuple[Report, str]:
    """Store a report with its files; returns it and the receipt code (shown once).

    Every file is checked before anything is written, and the report, its
    evidence rows and files are stored together or not at all.
    """
    _validate(data, today=today)
    code = receipts.new_code()
    with staged_uploads(uploads) as staged, transaction.atomic():
        report = _create(data, code)
        attach_uploads(staged, report=report)
        record_event(
            actor=None,
            action=AuditAction.CREATE,
            target=report,
            actor_username="public",
            detail={"files": len(uploads)},
        )
    return report, code


def report_for_code(code: str) -> Report | None:
    digest = receipts.digest(code)
    if digest is None:
        return None
    return Report.objects.select_related("case").filter(receipt_digest=digest).first()


PUBLIC_STATUS: dict[str, PublicStatus] = {
    CaseStatus.NEW: PublicStatus.CHECKING,
    CaseStatus.VERIFYING: PublicStatus.CHECKING,
    CaseStatus.VERIFIED: PublicStatus.VERIFIED,
    CaseStatus.ESCALATED: PublicStatus.ESCALATED,
}


@dataclass(frozen=True)
class ReportStatus:
    status: PublicStatus
    received_at: datetime
    updated_at: datetime
    outcome: str
    n_additions: int


def status_of(report: Report) -> ReportStatus:
    """What a reporter may know: where their report stands, not staff's notes."""
    case = report.case
    additions = report.additions.count()
    if case is None:
        return ReportStatus(
            PublicStatus.RECEIVED, report.created_at, report.created_at, "", additions
        )
    status = PUBLIC_STATUS.get(case.status, PublicStatus.CLOSED)
    outcome = ""
    if case.status in CLOSED_STATUSES and case.outcome:
        outcome = str(Outcome(case.outcome).label)
    return ReportStatus(status, report.created_at, case.updated_at, outcome, additions)


def add_to_report(report: Report, *, text: str, uploads: list[Upload]) -> None:
    """More information from the reporter: text and files, stored together."""
    if len(text) > MAX_TEXT:
        raise ReportRefusedError(
            _("the text is longer than %(count)d characters") % {"count": MAX_TEXT}
        )
    if not text.strip() and not uploads:
        raise ReportRefusedError(_("write something or add a file"))
    with staged_uploads(uploads) as staged, transaction.atomic():
        addition = ReportAddition.objects.create(report=report, text=text.strip())
        attach_uploads(staged, report=report)
        record_event(
            actor=None,
            action=AuditAction.UPDATE,
            target=report,
            actor_username="public",
            detail={"addition": addition.pk, "files": len(uploads)},
        )
