"""Reports from the public, the cases staff build from them, evidence, escalations.

Models stay slim (STYLE.md §2): every write goes through `marsad.cases.services`,
which checks the actor's rights and writes the case timeline and the audit log.
Personal data (who reported, how to reach them, what they wrote about people) sits
in encrypted fields; see docs/observatory.md for who may read it.
"""

from typing import Any, cast

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from marsad.cases.enums import (
    CaseStatus,
    ContactMethod,
    EscalationChannel,
    EventKind,
    EvidenceKind,
    Outcome,
    Platform,
    ViolationType,
)
from marsad.core.fields import EncryptedTextField
from marsad.core.models import User


class _EvidenceFiles(LazyObject):
    """The "evidence" storage, looked up when first used (and again after a
    settings change), not when the model class is built."""

    _wrapped: Any

    def _setup(self) -> None:
        self._wrapped = storages["evidence"]


evidence_files = _EvidenceFiles()


@receiver(setting_changed)
def _storage_settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        evidence_files._wrapped = empty


def evidence_storage() -> Storage:
    """Private storage outside the served media: files leave only through a view."""
    return cast(Storage, evidence_files)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """One incident, documented from one or more reports."""

    title = models.CharField(_("title"), max_length=200)
    violation_type = models.CharField(
        _("violation"), max_length=32, choices=ViolationType.choices
    )
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CaseStatus.choices,
        default=CaseStatus.NEW,
        db_index=True,
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    checklist = models.JSONField(_("verification checklist"), default=dict, blank=True)
    assignees = models.ManyToManyField(
        User, verbose_name=_("handlers"), blank=True, related_name="assigned_cases"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("view_personal_data", _("Can read personal data of every case")),
            ("export_statistics", _("Can export case statistics")),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"C-{self.pk:05d}" if self.pk else "C-new"


class Report(models.Model):
    """What a member of the public filed through the form or the API.

    The receipt code itself is never stored, only its SHA-256: whoever holds the
    code can follow the report, and a copy of the database cannot.
    """

    receipt_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    language = models.CharField(_("language"), max_length=8)
    violation_type = models.CharField(
        _("what happened"), max_length=32, choices=ViolationType.choices
    )
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    incident_date = models.DateField(_("date"), null=True, blank=True)
    links = EncryptedTextField(_("links"), blank=True, default="")
    description = EncryptedTextField(_("description"), blank=True, default="")
    wants_contact = models.BooleanField(_("wants to be contacted"), default=False)
    contact_name = EncryptedTextField(_("name"), blank=True, default="")
    contact_method = models.CharField(
        _("contact by"),
        max_length=16,
        choices=ContactMethod.choices,
        blank=True,
        default="",
    )
    contact_value = EncryptedTextField(_("contact"), blank=True, default="")
    contact_purged_at = models.DateTimeField(
        _("contact data deleted"), null=True, blank=True
    )
    has_statistics_consent = models.BooleanField(
        _("agrees to anonymised statistics"), default=False
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"R-{self.pk:05d}" if self.pk else "R-new"

    @property
    def link_list(self) -> list[str]:
        return [line for line in self.links.splitlines() if line.strip()]


class ReportAddition(models.Model):
    """More information a reporter sent later with their receipt code."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="additions"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    text = EncryptedTextField(_("text"), blank=True, default="")

    class Meta:
        verbose_name = _("addition to a report")
        verbose_name_plural = _("additions to reports")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} + {self.created_at:%Y-%m-%d %H:%M}"


class CaseEvent(models.Model):
    """One line of a case's timeline: what changed, when, and who did it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.kind}"

    @property
    def status_change(self) -> str:
        """The change as "Verifying → Verified", in the reader's language."""
        if self.kind != EventKind.STATUS:
            return ""
        labels = dict(CaseStatus.choices)
        before, after = self.detail.get("from", ""), self.detail.get("to", "")
        return f"{labels.get(before, before)} → {labels.get(after, after)}"


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        User, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    text = EncryptedTextField(_("note"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case.reference} note {self.pk}"


class Escalation(models.Model):
    """The case raised with a platform, and what the platform did about it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    channel = models.CharField(
        _("channel"), max_length=20, choices=EscalationChannel.choices
    )
    sent_on = models.DateField(_("sent on"))
    reference = models.CharField(_("platform's reference"), max_length=200, blank=True)
    response = models.TextField(_("response"), blank=True, default="")
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.get_platform_display()}"


class Evidence(models.Model):
    """A file or captured page, fixed by its SHA-256 the moment it arrived.

    `original` is kept byte for byte; `shareable` is the copy staff pass on, with
    location and device metadata removed from images.
    """

    kind = models.CharField(_("kind"), max_length=8, choices=EvidenceKind.choices)
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
    )
    report = models.ForeignKey(
        Report,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
    )
    original = models.FileField(_("original"), storage=evidence_storage)
    shareable = models.FileField(
        _("shareable copy"), storage=evidence_storage, blank=True
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100)
    original_name = EncryptedTextField(_("file name"), blank=True, default="")
    url = EncryptedTextField(_("address"), blank=True, default="")
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    added_by = models.ForeignKey(
        User,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"E-{self.pk:05d} {self.sha256[:12]}" if self.pk else "E-new"


class IntakeWindow(models.Model):
    """Submissions from one address in one time window, for the rate limit.

    The address is kept only as a keyed hash, and old windows are pruned.
    """

    address_digest = models.CharField(max_length=64)
    window = models.BigIntegerField()
    n_attempts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["address_digest", "window"], name="one_counter_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.address_digest[:8]}@{self.window}: {self.n_attempts}"
