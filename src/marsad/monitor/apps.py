from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "marsad.monitor"
    label = "monitor"
    verbose_name = _("Monitoring")
