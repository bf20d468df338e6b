from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
        ],
    }
