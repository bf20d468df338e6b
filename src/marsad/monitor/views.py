"""The Index dashboard for analysts (the same figures as /api/v1/monitor/summary)."""

from datetime import date

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from marsad.core.access import StaffRequest, role_required
from marsad.core.enums import Role
from marsad.monitor.api import default_period
from marsad.monitor.charts import HEIGHT, WIDTH, bars
from marsad.monitor.queries import CATEGORIES, Filters, index_summary


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
