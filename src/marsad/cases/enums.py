"""Choices of the observatory; labels are translated (STYLE.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolationType(models.TextChoices):
    CONTENT_REMOVED = "content_removed", _("Content removed")
    ACCOUNT_RESTRICTED = "account_restricted", _("Account suspended or restricted")
    REACH_REDUCED = "reach_reduced", _("Reach reduced")
    HATE_SPEECH = "hate_speech", _("Hate speech")
    INCITEMENT = "incitement", _("Incitement or threats")
    DOXXING = "doxxing", _("Doxxing or impersonation")
    HACKED_ACCOUNT = "hacked_account", _("Hacked account")
    DISCRIMINATION = (
        "discrimination",
        _("Discrimination by a platform or service (payments, maps…)"),
    )
    OTHER = "other", _("Other")


class Platform(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    X = "x", _("X (Twitter)")
    TIKTOK = "tiktok", _("TikTok")
    YOUTUBE = "youtube", _("YouTube")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    GOOGLE = "google", _("Google")
    PAYPAL = "paypal", _("PayPal")
    OTHER = "other", _("Other")


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    SIGNAL = "signal", _("Signal")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    VERIFYING = "verifying", _("Verifying")
    VERIFIED = "verified", _("Verified")
    ESCALATED = "escalated", _("Escalated")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")


# Which status may follow which: a case is verified before it is escalated, and a
# closed case can be reopened for checking when new information arrives.
NEXT_STATUSES: dict[str, set[str]] = {
    CaseStatus.NEW: {CaseStatus.VERIFYING, CaseStatus.REJECTED},
    CaseStatus.VERIFYING: {CaseStatus.VERIFIED, CaseStatus.REJECTED},
    CaseStatus.VERIFIED: {CaseStatus.ESCALATED, CaseStatus.RESOLVED},
    CaseStatus.ESCALATED: {CaseStatus.RESOLVED, CaseStatus.VERIFIED},
    CaseStatus.RESOLVED: {CaseStatus.VERIFYING},
    CaseStatus.REJECTED: {CaseStatus.VERIFYING},
}
CLOSED_STATUSES = {CaseStatus.RESOLVED, CaseStatus.REJECTED}
# Cases the public statistics count: the violation was checked and confirmed.
DOCUMENTED_STATUSES = {CaseStatus.VERIFIED, CaseStatus.ESCALATED, CaseStatus.RESOLVED}


class PublicStatus(models.TextChoices):
    """What a reporter sees with their receipt code: no staff detail."""

    RECEIVED = "received", _("Received, waiting to be read")
    CHECKING = "checking", _("Being checked by our team")
    VERIFIED = "verified", _("Verified and documented")
    ESCALATED = "escalated", _("Raised with the platform")
    CLOSED = "closed", _("Closed")


class ChecklistItem(models.TextChoices):
    """What a handler confirms before a case counts as verified."""

    LINKS_CHECKED = "links_checked", _("Links opened and content seen or archived")
    DATE_CONFIRMED = "date_confirmed", _("Date of the incident confirmed")
    ACCOUNT_CONFIRMED = "account_confirmed", _("Account or person concerned confirmed")
    EVIDENCE_KEPT = "evidence_kept", _("Screenshots or files kept as evidence")
    POLICY_IDENTIFIED = "policy_identified", _("Platform rule or law concerned named")


class EscalationChannel(models.TextChoices):
    TRUSTED_PARTNER = "trusted_partner", _("Trusted partner or flagger channel")
    PLATFORM_FORM = "platform_form", _("Platform's report or appeal form")
    EMAIL = "email", _("Email to platform staff")
    MEETING = "meeting", _("Meeting")
    LEGAL = "legal", _("Legal letter or regulator")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    CONTENT_RESTORED = "content_restored", _("Content restored")
    ACCOUNT_RESTORED = "account_restored", _("Account restored")
    CONTENT_REMOVED = "content_removed", _("Offending content removed")
    PARTIAL = "partial", _("Partly addressed")
    NO_ACTION = "no_action", _("No action")


# Outcomes that count as the platform putting things right.
REMEDIED_OUTCOMES = {
    Outcome.CONTENT_RESTORED,
    Outcome.ACCOUNT_RESTORED,
    Outcome.CONTENT_REMOVED,
}


class EvidenceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Captured link")


class EventKind(models.TextChoices):
    """Lines of a case's timeline."""

    OPENED = "opened", _("Case opened")
    REPORT_ADDED = "report_added", _("Report added")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Handlers changed")
    CHECKLIST = "checklist", _("Checklist changed")
    NOTE = "note", _("Note added")
    TAGS = "tags", _("Tags changed")
    ESCALATED = "escalated", _("Escalated")
    RESPONSE = "response", _("Platform response recorded")
    EVIDENCE = "evidence", _("Evidence added")
    CONTACT_PURGED = "contact_purged", _("Contact data deleted")
