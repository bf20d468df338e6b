import json
import zipfile
from datetime import date, timedelta
from hashlib import sha256
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from marsad.cases.enums import CaseStatus, ChecklistItem, EventKind
from marsad.cases.models import Case, Report
from marsad.cases.services import casework, evidence, retention
from marsad.cases.services.evidence import Upload
from marsad.core.audit import events_for_object
from marsad.core.enums import AuditAction
from marsad.core.models import User
from tests.cases.conftest import ReportMaker, photo_with_location

pytestmark = [pytest.mark.integration]


def verify(case: Case, actor: User) -> None:
    casework.change_status(case, status=CaseStatus.VERIFYING, actor=actor)
    casework.set_checklist(case, done=ChecklistItem.values, actor=actor)
    casework.change_status(case, status=CaseStatus.VERIFIED, actor=actor)


def test_case_goes_from_report_to_restored_content_with_a_full_timeline(
    case: Case, handler: User
) -> None:
    verify(case, handler)
    escalation = casework.escalate_case(
        case,
        platform="instagram",
        channel="trusted_partner",
        sent_on=date(2026, 11, 2),
        reference="TP-1234",
        actor=handler,
    )
    casework.record_response(escalation, outcome="content_restored", actor=handler)
    casework.change_status(
        case, status=CaseStatus.RESOLVED, outcome="content_restored", actor=handler
    )

    case.refresh_from_db()
    assert (case.status, case.outcome) == ("resolved", "content_restored")
    assert case.closed_at is not None
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.OPENED,
        EventKind.STATUS,
        EventKind.CHECKLIST,
        EventKind.STATUS,
        EventKind.ESCALATED,
        EventKind.RESPONSE,
        EventKind.STATUS,
    ]
    assert set(case.events.values_list("actor__username", flat=True)) == {"hana"}
    assert events_for_object(case).count() == 7


def test_a_case_is_not_verified_with_an_incomplete_checklist(
    case: Case, handler: User
) -> None:
    casework.change_status(case, status=CaseStatus.VERIFYING, actor=handler)
    casework.set_checklist(case, done=["links_checked"], actor=handler)

    with pytest.raises(casework.CaseError, match="missing: date_confirmed"):
        casework.change_status(case, status=CaseStatus.VERIFIED, actor=handler)
    with pytest.raises(
        casework.CaseError, match="cannot go from verifying to escalated"
    ):
        casework.change_status(case, status=CaseStatus.ESCALATED, actor=handler)


def test_a_handler_not_assigned_cannot_change_or_read_the_case(
    case: Case, other_handler: User
) -> None:
    with pytest.raises(PermissionDenied):
        casework.add_note(case, text="x", actor=other_handler)
    with pytest.raises(PermissionDenied):
        evidence.export_evidence_zip(case, actor=other_handler)


def test_a_second_report_of_the_same_incident_is_merged(
    case: Case, handler: User, file_report: ReportMaker
) -> None:
    second, _code = file_report([Upload("b.png", photo_with_location("PNG"))])

    casework.add_report_to_case(second, case, actor=handler)

    assert set(case.reports.all()) == {second, *Report.objects.exclude(pk=second.pk)}
    assert case.evidence.count() == 2
    with pytest.raises(casework.CaseError, match="already in case"):
        casework.open_case(second, actor=handler)


def test_evidence_zip_has_a_manifest_of_hashes_and_is_in_the_custody_trail(
    case: Case, handler: User
) -> None:
    item = case.evidence.get()
    with evidence.open_evidence(item, copy="shareable", actor=handler) as handle:
        handle.read()

    with (
        evidence.export_evidence_zip(case, actor=handler) as exported,
        zipfile.ZipFile(exported) as archive,
    ):
        manifest = json.loads(archive.read("manifest.json"))
        (entry,) = manifest["items"]
        content = archive.read(entry["file"])
        sums = archive.read("SHA256SUMS").decode()

    assert sha256(content).hexdigest() == entry["sha256"]
    assert sums == f"{item.sha256}  {entry['file']}\n"
    trail = evidence.custody_trail(item)
    assert [e.action for e in trail] == [
        AuditAction.CREATE,
        AuditAction.VIEW,
        AuditAction.EXPORT,
    ]
    assert trail[1].detail == {"copy": "shareable"}
    assert trail[2].actor_username == "hana"


def test_contact_data_is_erased_months_after_the_case_closed(
    case: Case, handler: User, file_report: ReportMaker
) -> None:
    casework.change_status(case, status=CaseStatus.REJECTED, actor=handler)
    recent, _code = file_report()
    report = case.reports.get()

    with time_machine.travel(timezone.now() + timedelta(days=200), tick=False):
        assert retention.purge_contact_data(months=12) == 0
    with time_machine.travel(timezone.now() + timedelta(days=400), tick=False):
        call_command("purge_case_contacts", months=12, stdout=StringIO())

    report.refresh_from_db()
    assert (report.contact_name, report.contact_value, report.contact_method) == (
        "",
        "",
        "",
    )
    assert report.description  # the account of what happened stays
    assert report.contact_purged_at is not None
    assert case.events.filter(kind=EventKind.CONTACT_PURGED).exists()
    recent.refresh_from_db()
    assert recent.contact_purged_at is not None  # never became a case: due too


def test_contact_data_of_open_cases_is_kept(case: Case) -> None:
    with time_machine.travel(timezone.now() + timedelta(days=4000), tick=False):
        assert retention.purge_contact_data(months=12) == 0
