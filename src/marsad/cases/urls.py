"""Public pages under /report/, staff pages under /cases/ (all staff pages need
a verified sign-in and case work rights, applied here in one place)."""

from django.urls import path

from marsad.cases.views import public, staff

guard = staff.case_staff_required

app_name = "cases"
urlpatterns = [
    path("report/", public.report_view, name="report"),
    path("report/thanks/", public.report_thanks_view, name="report_thanks"),
    path("report/status/", public.report_status_view, name="report_status"),
    path("report/status/add/", public.report_add_view, name="report_add"),
    path("report/statistics/", public.public_statistics_view, name="public_statistics"),
    path("cases/", guard(staff.case_list_view), name="list"),
    path("cases/inbox/", guard(staff.inbox_view), name="inbox"),
    path("cases/statistics/", guard(staff.dashboard_view), name="dashboard"),
    path(
        "cases/statistics.csv", guard(staff.statistics_csv_view), name="statistics_csv"
    ),
    path("cases/reports/<int:pk>/", guard(staff.report_detail_view), name="report"),
    path("cases/reports/<int:pk>/open/", guard(staff.open_case_view), name="open_case"),
    path(
        "cases/reports/<int:pk>/merge/",
        guard(staff.merge_report_view),
        name="merge_report",
    ),
    path("cases/<int:pk>/", guard(staff.case_detail_view), name="detail"),
    path("cases/<int:pk>/take/", guard(staff.take_case_view), name="take"),
    path("cases/<int:pk>/status/", guard(staff.status_view), name="status"),
    path("cases/<int:pk>/checklist/", guard(staff.checklist_view), name="checklist"),
    path("cases/<int:pk>/assign/", guard(staff.assign_view), name="assign"),
    path("cases/<int:pk>/notes/", guard(staff.note_view), name="note"),
    path("cases/<int:pk>/tags/", guard(staff.tags_view), name="tags"),
    path("cases/<int:pk>/escalations/", guard(staff.escalate_view), name="escalate"),
    path(
        "cases/<int:pk>/escalations/response/",
        guard(staff.response_view),
        name="response",
    ),
    path(
        "cases/<int:pk>/evidence/", guard(staff.evidence_upload_view), name="evidence"
    ),
    path("cases/<int:pk>/evidence/link/", guard(staff.capture_view), name="capture"),
    path("cases/<int:pk>/evidence.zip", guard(staff.export_view), name="export"),
    path("cases/evidence/<int:pk>/custody/", guard(staff.custody_view), name="custody"),
    path(
        "cases/evidence/<int:pk>/<str:copy>/",
        guard(staff.evidence_file_view),
        name="evidence_file",
    ),
]
