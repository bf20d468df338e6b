from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marsad.core.navigation import NavItem


class MonitorConfig(AppConfig):
    name = "marsad.monitor"
    label = "monitor"
    verbose_name = _("Monitoring")
    role_permissions = {
        "analyst": [
            "monitor.view_source",
            "monitor.add_source",
            "monitor.change_source",
            "monitor.delete_source",
            "monitor.view_dailycount",
            "monitor.view_reviewitem",
            "monitor.view_review",
            "monitor.add_review",
        ],
    }
    nav_items = [
        NavItem(_("Index dashboard"), "monitor:dashboard", "monitor.view_dailycount"),
        NavItem(_("Review queue"), "monitor:review", "monitor.add_review"),
    ]
