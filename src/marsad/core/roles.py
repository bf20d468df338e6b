"""Roles are auth groups; each app says which of its permissions each role gets.

An app declares `role_permissions = {"analyst": ["monitor.view_post", ...]}` on its
AppConfig; `sync_roles` (run after every migrate) makes the groups match, so adding
an app or a permission needs no data migration.
"""

from collections import defaultdict

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from marsad.core.enums import Role


def declared_role_permissions() -> dict[str, set[str]]:
    """Role name -> "app_label.codename" permissions, gathered from every app config."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            if role not in Role.values:
                raise ValueError(
                    f"{config.name}: role_permissions names unknown role {role!r}"
                )
            wanted[role].update(perms)
    return wanted


def _permission(dotted: str) -> Permission:
    app_label, _, codename = dotted.partition(".")
    try:
        return Permission.objects.get(
            content_type__app_label=app_label, codename=codename
        )
    except Permission.DoesNotExist:
        raise ValueError(f"role permission {dotted!r} does not exist") from None


@transaction.atomic
def sync_roles() -> None:
    """Create one group per role and give it exactly the declared permissions."""
    wanted = declared_role_permissions()
    for role in Role.values:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([_permission(dotted) for dotted in sorted(wanted[role])])
