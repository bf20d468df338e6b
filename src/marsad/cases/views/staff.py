"""Case handlers' pages: new reports, cases, evidence, statistics.

Views parse, call one service, and render; rights are checked by the services
and by `marsad.cases.access`, so the API and these pages agree.
"""

import csv
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marsad.cases import forms
from marsad.cases.access import can_read_personal_data, can_read_report, is_case_staff
from marsad.cases.enums import CaseStatus, ChecklistItem
from marsad.cases.models import Case, Escalation, Evidence, Report
from marsad.cases.queries import cases_for_list, new_reports
from marsad.cases.services import casework, evidence
from marsad.cases.services.evidence import EvidenceRefusedError, Upload
from marsad.cases.statistics import case_statistics, documented_cases
from marsad.core.access import StaffRequest, role_required
from marsad.core.audit import record_event, record_read
from marsad.core.enums import AuditAction

View = Callable[..., HttpResponseBase]


def case_staff_required(view: View) -> View:
    @role_required()
    @wraps(view)
    def wrapped(request: StaffRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_case_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def case_list_view(request: StaffRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    mine = request.GET.get("mine") == "1"
    cases = cases_for_list(
        status=status if status in CaseStatus.values else "",
        assigned_to=request.user if mine else None,
    )
    context = {
        "cases": cases[:500],
        "statuses": CaseStatus.choices,
        "status": status,
        "mine": mine,
    }
    return render(request, "cases/case_list.html", context)


def inbox_view(request: StaffRequest) -> HttpResponse:
    return render(request, "cases/inbox.html", {"reports": new_reports()[:500]})


def report_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("case"), pk=pk)
    if report.case_id is not None:
        return redirect("cases:detail", pk=report.case_id)
    if not can_read_report(request.user, report):
        raise PermissionDenied
    record_read(actor=request.user, target=report, request=request)
    context = {
        "report": report,
        "additions": report.additions.all(),
        "files": report.evidence.all(),
        "open_form": forms.OpenCaseForm(),
        "merge_form": forms.MergeForm(),
    }
    return render(request, "cases/report_detail.html", context)


@require_POST
def open_case_view(request: StaffRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    form = forms.OpenCaseForm(request.POST)
    form.is_valid()
    try:
        case = casework.open_case(
            report,
            actor=request.user,
            title=form.cleaned_data.get("title", ""),
            request=request,
        )
    except casework.CaseError as exc:
        messages.error(request, str(exc))
        return redirect("cases:inbox")
    return redirect("cases:detail", pk=case.pk)


@require_POST
def merge_report_view(request: StaffRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    form = forms.MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of an existing case."))
        return redirect("cases:report", pk=pk)
    case = get_object_or_404(Case, pk=form.cleaned_data["case"])
    try:
        casework.add_report_to_case(report, case, actor=request.user, request=request)
    except casework.CaseError as exc:
        messages.error(request, str(exc))
    return redirect("cases:detail", pk=case.pk)


def _personal_context(request: StaffRequest, case: Case) -> dict[str, Any]:
    """What only assignees and admins see; reading it is logged."""
    record_read(actor=request.user, target=case, request=request)
    reports = case.reports.prefetch_related("additions")
    return {
        "reports": reports,
        "notes": case.notes.select_related("author"),
        "evidence_items": case.evidence.all(),
        "status_form": forms.StatusForm(),
        "checklist_form": forms.ChecklistForm(
            initial={"done": [k for k, v in case.checklist.items() if v]}
        ),
        "checklist": [
            (label, bool(case.checklist.get(key)))
            for key, label in ChecklistItem.choices
        ],
        "note_form": forms.NoteForm(),
        "tags_form": forms.TagsForm(
            initial={"tags": ", ".join(t.name for t in case.tags.all())}
        ),
        "escalation_form": forms.EscalationForm(
            initial={"platform": case.platform, "sent_on": timezone.localdate()}
        ),
        "response_form": forms.ResponseForm(),
        "evidence_form": forms.EvidenceFileForm(),
        "capture_form": forms.CaptureLinkForm(),
    }


def case_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(
        Case.objects.prefetch_related(
            "assignees",
            "tags",
            Prefetch("escalations", Escalation.objects.select_related("created_by")),
        ),
        pk=pk,
    )
    can_read = can_read_personal_data(request.user, case)
    context: dict[str, Any] = {
        "case": case,
        "can_read": can_read,
        "events": case.events.select_related("actor"),
        "assign_form": forms.AssignForm(
            initial={"handlers": list(case.assignees.all())}
        ),
        "n_reports": case.reports.count(),
    }
    if can_read:
        context.update(_personal_context(request, case))
    return render(request, "cases/case_detail.html", context)


def _case_action(
    form_class: type[forms.forms.Form],
    apply: Callable[[Case, StaffRequest, dict[str, Any]], object],
) -> View:
    """A POST that changes a case: parse the form, call the service, go back."""

    @require_POST
    def view(request: StaffRequest, pk: int) -> HttpResponse:
        case = get_object_or_404(Case, pk=pk)
        form = form_class(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            return redirect("cases:detail", pk=pk)
        try:
            apply(case, request, form.cleaned_data)
        except (casework.CaseError, EvidenceRefusedError) as exc:
            messages.error(request, str(exc))
        return redirect("cases:detail", pk=pk)

    return view


def _respond(case: Case, request: StaffRequest, data: dict[str, Any]) -> None:
    escalation = get_object_or_404(
        Escalation, pk=request.POST.get("escalation"), case=case
    )
    casework.record_response(
        escalation,
        outcome=data["outcome"],
        response=data["response"],
        responded_on=data["responded_on"],
        actor=request.user,
        request=request,
    )


def _add_file(case: Case, request: StaffRequest, data: dict[str, Any]) -> None:
    upload = data["file"]
    evidence.add_file_evidence(
        case,
        upload=Upload(name=upload.name, data=upload.read()),
        actor=request.user,
        request=request,
    )


status_view = _case_action(
    forms.StatusForm,
    lambda case, request, data: casework.change_status(
        case,
        status=data["status"],
        outcome=data["outcome"],
        actor=request.user,
        request=request,
    ),
)
checklist_view = _case_action(
    forms.ChecklistForm,
    lambda case, request, data: casework.set_checklist(
        case, done=data["done"], actor=request.user, request=request
    ),
)
assign_view = _case_action(
    forms.AssignForm,
    lambda case, request, data: casework.set_assignees(
        case, handlers=data["handlers"], actor=request.user, request=request
    ),
)
note_view = _case_action(
    forms.NoteForm,
    lambda case, request, data: casework.add_note(
        case, text=data["text"], actor=request.user, request=request
    ),
)
tags_view = _case_action(
    forms.TagsForm,
    lambda case, request, data: casework.set_tags(
        case, names=data["tags"].split(","), actor=request.user, request=request
    ),
)
escalate_view = _case_action(
    forms.EscalationForm,
    lambda case, request, data: casework.escalate_case(
        case, actor=request.user, request=request, **data
    ),
)
response_view = _case_action(forms.ResponseForm, _respond)
evidence_upload_view = _case_action(forms.EvidenceFileForm, _add_file)
capture_view = _case_action(
    forms.CaptureLinkForm,
    lambda case, request, data: evidence.capture_link(
        case, url=data["url"], actor=request.user, request=request
    ),
)


@require_POST
def take_case_view(request: StaffRequest, pk: int) -> HttpResponse:
    """An unassigned case taken by the handler who clicks."""
    case = get_object_or_404(Case, pk=pk)
    if case.assignees.exists():
        raise PermissionDenied
    casework.set_assignees(
        case, handlers=[request.user], actor=request.user, request=request
    )
    return redirect("cases:detail", pk=pk)


def evidence_file_view(request: StaffRequest, pk: int, copy: str) -> HttpResponseBase:
    item = get_object_or_404(Evidence.objects.select_related("case"), pk=pk)
    if item.case is None or copy not in {"original", "shareable"}:
        raise PermissionDenied
    handle = evidence.open_evidence(
        item, copy=copy, actor=request.user, request=request
    )
    name = f"{item}-{copy}{Path(item.original.name or '').suffix}".replace(" ", "-")
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = "application/octet-stream"
    return response


def custody_view(request: StaffRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Evidence.objects.select_related("case"), pk=pk)
    if item.case is None or not can_read_personal_data(request.user, item.case):
        raise PermissionDenied
    context = {"item": item, "trail": evidence.custody_trail(item)}
    return render(request, "cases/custody.html", context)


def export_view(request: StaffRequest, pk: int) -> HttpResponseBase:
    case = get_object_or_404(Case, pk=pk)
    archive = evidence.export_evidence_zip(case, actor=request.user, request=request)
    return FileResponse(
        archive, as_attachment=True, filename=f"{case.reference}-evidence.zip"
    )


def dashboard_view(request: StaffRequest) -> HttpResponse:
    by_status = {
        label: Case.objects.filter(status=value).count()
        for value, label in CaseStatus.choices
    }
    context = {
        "stats": case_statistics(min_count=None),
        "by_status": by_status,
        "n_new_reports": new_reports().count(),
    }
    return render(request, "cases/dashboard.html", context)


CSV_COLUMNS = [
    "case",
    "opened",
    "incident_date",
    "violation_type",
    "platform",
    "status",
    "outcome",
    "escalations",
    "tags",
]


def statistics_csv_view(request: StaffRequest) -> HttpResponse:
    """Documented cases, one row each, without any personal data."""
    if not request.user.has_perm("cases.export_statistics"):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="marsad-cases.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    cases = documented_cases().prefetch_related("tags", "escalations")
    for case in cases.order_by("created_at"):
        writer.writerow(
            [
                case.reference,
                case.created_at.date().isoformat(),
                case.incident_date.isoformat() if case.incident_date else "",
                case.violation_type,
                case.platform,
                case.status,
                case.outcome,
                len(case.escalations.all()),
                ";".join(t.name for t in case.tags.all()),
            ]
        )
    record_event(
        actor=request.user,
        action=AuditAction.EXPORT,
        request=request,
        detail={"export": "case statistics csv"},
    )
    return response
