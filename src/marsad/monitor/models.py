"""Live sources polled into the lake. Posts themselves live in the lake, not here."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from marsad.core.fields import EncryptedTextField
from marsad.monitor.enums import SourceKind


class Source(models.Model):
    """A saved query on a public API, fetched by `marsad monitor sources fetch`."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind.choices)
    base_url = models.URLField(_("API address"))
    query = models.CharField(_("hashtag or search"), max_length=200)
    access_token = EncryptedTextField(_("access token"), blank=True, default="")
    state = models.JSONField(
        _("where the last fetch stopped"), default=dict, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    n_fetched = models.PositiveIntegerField(_("posts stored"), default=0)

    class Meta:
        verbose_name = _("live source")
        verbose_name_plural = _("live sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
