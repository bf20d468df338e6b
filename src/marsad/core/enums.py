"""Choices of the core app; labels are translated (STYLE.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Staff roles, stored as auth groups of the same name."""

    ADMIN = "admin", _("Administrator")
    ANALYST = "analyst", _("Monitoring analyst")
    CASE_HANDLER = "case_handler", _("Case handler")
    CAMPAIGN_MANAGER = "campaign_manager", _("Campaign manager")
    TRAINER = "trainer", _("Trainer")


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Set up two-factor login")
    TWO_FACTOR_FAILED = "2fa_failed", _("Wrong two-factor code")
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    ROLES_CHANGED = "roles_changed", _("Changed roles")
    TOKEN_CREATED = "token_created", _("Created an API token")
    TOKEN_REVOKED = "token_revoked", _("Revoked an API token")
    KEYS_ROTATED = "keys_rotated", _("Re-encrypted personal data")
