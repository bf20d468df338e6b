"""The Index dashboard for analysts (the same figures as /api/v1/monitor/summary)."""

from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from marsad.core.access import StaffRequest, role_required
from marsad.core.audit import record_event
from marsad.core.enums import AuditAction, Role
from marsad.monitor import review
from marsad.monitor.api import default_period
from marsad.monitor.charts import HEIGHT, WIDTH, bars
from marsad.monitor.classification import classify_texts
from marsad.monitor.enums import ReviewLabel
from marsad.monitor.models import ReviewItem
from marsad.monitor.queries import CATEGORIES, Filters, index_summary
from marsad.monitor.review import QueueFilters


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    platform = forms.CharField(label=_("Platform"), required=False, max_length=32)
    lang = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[
            ("", "—"),
            ("ar", _("Arabic")),
            ("he", _("Hebrew")),
            ("en", _("English")),
            ("other", _("Other")),
        ],
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=64)


@role_required(Role.ANALYST, Role.ADMIN)
def dashboard_view(request: StaffRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    first, last = default_period()
    data = form.cleaned_data if form.is_valid() else {}
    start: date = data.get("start") or first
    end: date = data.get("end") or last
    if end < start:
        start, end = end, start
    summary = index_summary(
        Filters(
            start,
            end,
            data.get("platform", ""),
            data.get("lang", ""),
            data.get("source", ""),
        )
    )
    charts = [(category, bars(summary["series"][category])) for category in CATEGORIES]
    context = {
        "form": form,
        "summary": summary,
        "charts": charts,
        "all_posts": bars(summary["series"]["all"]),
        "width": WIDTH,
        "height": HEIGHT,
    }
    return render(request, "monitor/dashboard.html", context)


class QueueForm(forms.Form):
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("uncertainty", _("Most uncertain first")),
            ("score", _("Highest score first")),
            ("sample", _("Random sample (for precision)")),
        ],
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=64)
    lang = PeriodForm.base_fields["lang"]
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", "—"), *ReviewLabel.choices[:3]],
    )
    day = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return QueueFilters(
            source=data.get("source", ""),
            lang=data.get("lang", ""),
            category=data.get("category", ""),
            day=data.get("day"),
        )


ACTIONS = {"confirm", "hate", "incitement", "offensive", "none", "skip"}


@role_required(Role.ANALYST, Role.ADMIN)
def review_view(request: StaffRequest) -> HttpResponse:
    """One flagged post at a time; keys 1-4 and 0 label it, S skips it."""
    form = QueueForm(request.GET or None)
    order = (form.cleaned_data.get("order") if form.is_valid() else "") or "uncertainty"
    skipped = request.session.get("review_skipped", [])
    if request.method == "POST":
        _apply_review(request, skipped)
        return redirect(request.get_full_path())
    items = review.queue(request.user, order=order, filters=form.filters())
    item = items.exclude(id__in=skipped).first()
    evidence = []
    if item is not None:
        verdict = classify_texts([item.text], [item.lang])[0]
        evidence = verdict.as_dict()["explanation"] or item.explanation
    kappa, n_pairs = review.agreement()
    context = {
        "form": form,
        "item": item,
        "evidence": evidence,
        "left": items.count(),
        "order": order,
        "kappa": kappa,
        "n_pairs": n_pairs,
        "labels": ReviewLabel.choices,
    }
    return render(request, "monitor/review.html", context)


def _apply_review(request: StaffRequest, skipped: list[int]) -> None:
    action = request.POST.get("action", "")
    item_id = request.POST.get("item", "")
    item = None
    if item_id.isdigit():
        item = ReviewItem.objects.filter(pk=int(item_id)).first()
    if item is None or action not in ACTIONS:
        messages.error(request, _("That post is no longer in the queue."))
        return
    if action == "skip":
        request.session["review_skipped"] = [*skipped, item.pk][-500:]
        return
    label = item.label if action == "confirm" else action
    try:
        review.record_review(
            item,
            label=label,
            reviewer=request.user,
            is_sample=request.POST.get("order") == "sample",
        )
    except review.ReviewError as exc:
        messages.error(request, str(exc))


@role_required(Role.ANALYST, Role.ADMIN)
def export_reviews_view(request: StaffRequest) -> HttpResponse:
    response = HttpResponse(
        "".join(line + "\n" for line in review.export_lines()),
        content_type="application/x-ndjson; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="marsad-reviews.jsonl"'
    record_event(
        actor=request.user, action=AuditAction.EXPORT, detail={"export": "reviews"}
    )
    return response
