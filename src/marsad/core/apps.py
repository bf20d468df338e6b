from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from marsad.core.navigation import NavItem


def _sync_roles_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    """Sync once per migrate, after the last app: only then do all permissions exist."""
    from django.apps import apps

    from marsad.core.roles import sync_roles

    # Django sends post_migrate only for apps that have a models module.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        sync_roles()


class CoreConfig(AppConfig):
    name = "marsad.core"
    label = "core"
    verbose_name = _("Core")
    role_permissions = {
        "admin": [
            "core.view_auditevent",
            "core.view_user",
            "core.add_user",
            "core.change_user",
            "auth.view_group",
        ],
    }

    nav_items = [
        NavItem(_("Dashboard"), "core:home"),
        NavItem(
            _("Audit log"), "admin:core_auditevent_changelist", "core.view_auditevent"
        ),
        NavItem(_("Users"), "admin:core_user_changelist", "core.change_user"),
        NavItem(_("Profile"), "core:profile", None),
    ]

    def ready(self) -> None:
        from marsad.core import checks  # noqa: F401  (registers system checks)

        post_migrate.connect(
            _sync_roles_after_migrate, dispatch_uid="marsad-sync-roles"
        )
