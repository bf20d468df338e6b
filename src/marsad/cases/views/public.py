"""The public side: report form, receipt, status by code, statistics. No login.

Every refusal re-renders the form with what the reporter typed and a message in
their language; files cannot be kept by a browser, so the message says to choose
them again.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from marsad.cases import throttle
from marsad.cases.forms import AdditionForm, ReceiptForm, ReportForm, uploads_of
from marsad.cases.services import intake
from marsad.cases.services.evidence import EvidenceRefusedError
from marsad.cases.statistics import case_statistics

RECEIPT_SESSION_KEY = "marsad_receipt_code"


def _too_many(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context["throttled"] = _(
        "Too many attempts from your connection in the last hour. Please wait a "
        "while and send again; what you typed is kept below."
    )
    return render(request, template, context, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def report_view(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "max_files": settings.MARSAD_UPLOAD_MAX_FILES}
    if request.method != "POST":
        return render(request, "cases/report_form.html", context)
    if not throttle.allow_report(request):
        return _too_many(request, "cases/report_form.html", context)
    if form.is_valid():
        try:
            _report, code = intake.submit_report(
                form.report_input(translation.get_language() or "en"),
                uploads=uploads_of(form.cleaned_data["attachments"]),
                today=timezone.localdate(),
            )
        except EvidenceRefusedError as exc:
            form.add_error("attachments", str(exc))
        except intake.ReportRefusedError as exc:
            form.add_error(None, str(exc))
        else:
            request.session[RECEIPT_SESSION_KEY] = code
            return redirect("cases:report_thanks")
    if request.FILES:
        context["files_lost"] = True
    return render(request, "cases/report_form.html", context, status=400)


@never_cache
def report_thanks_view(request: HttpRequest) -> HttpResponse:
    code = request.session.pop(RECEIPT_SESSION_KEY, None)
    if code is None:
        return redirect("cases:report_status")
    return render(request, "cases/report_thanks.html", {"code": code})


def _status_page(
    request: HttpRequest, code: str, *, status: int = 200, **extra: object
) -> HttpResponse:
    report = intake.report_for_code(code)
    if report is None:
        form = ReceiptForm({"code": code})
        form.is_valid()
        form.add_error(
            "code",
            _("No report has this code. Check it letter by letter and try again."),
        )
        return render(request, "cases/report_status.html", {"form": form}, status=404)
    context = {
        "report_status": intake.status_of(report),
        "addition_form": extra.pop("addition_form", None)
        or AdditionForm(initial={"code": code}),
        **extra,
    }
    return render(request, "cases/report_status.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def report_status_view(request: HttpRequest) -> HttpResponse:
    """Look up a report by its code; the code travels in the body, not the URL."""
    form = ReceiptForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "cases/report_status.html", {"form": form})
    if not throttle.allow_lookup(request):
        return _too_many(request, "cases/report_status.html", {"form": form})
    return _status_page(request, form.cleaned_data["code"])


@never_cache
@require_http_methods(["POST"])
def report_add_view(request: HttpRequest) -> HttpResponse:
    form = AdditionForm(request.POST, request.FILES)
    if not throttle.allow_report(request):
        return _too_many(request, "cases/report_status.html", {"form": ReceiptForm()})
    code = request.POST.get("code", "")
    report = intake.report_for_code(code)
    if report is None or not form.is_valid():
        return _status_page(request, code, status=400, addition_form=form)
    try:
        intake.add_to_report(
            report,
            text=form.cleaned_data["text"],
            uploads=uploads_of(form.cleaned_data["attachments"]),
        )
    except (intake.ReportRefusedError, EvidenceRefusedError) as exc:
        form.add_error(None, str(exc))
        return _status_page(request, code, status=400, addition_form=form)
    return _status_page(
        request, code, added=_("Thank you. What you sent was added to your report.")
    )


def public_statistics_view(request: HttpRequest) -> HttpResponse:
    minimum = settings.MARSAD_STATISTICS_MIN_COUNT
    return render(
        request,
        "cases/public_statistics.html",
        {"stats": case_statistics(min_count=minimum), "min_count": minimum},
    )
