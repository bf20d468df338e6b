from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marsad.core.navigation import NavItem

CASE_WORK = [
    "cases.view_case",
    "cases.add_case",
    "cases.change_case",
    "cases.view_report",
    "cases.view_evidence",
    "cases.add_evidence",
    "cases.view_escalation",
    "cases.add_escalation",
    "cases.change_escalation",
    "cases.export_statistics",
]


class CasesConfig(AppConfig):
    name = "marsad.cases"
    label = "cases"
    verbose_name = _("Observatory")
    role_permissions = {
        "case_handler": CASE_WORK,
        "admin": [*CASE_WORK, "cases.view_personal_data"],
    }
    nav_items = [
        NavItem(_("Cases"), "cases:list", "cases.view_case"),
        NavItem(_("New reports"), "cases:inbox", "cases.view_case"),
        NavItem(_("Case statistics"), "cases:dashboard", "cases.view_case"),
    ]
