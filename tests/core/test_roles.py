import pytest
from django.contrib.auth.models import Group

from marsad.core import roles
from marsad.core.enums import Role

pytestmark = [pytest.mark.integration]


def test_migrate_creates_one_group_per_role(db: None) -> None:
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)


def test_admin_group_gets_exactly_the_declared_permissions(db: None) -> None:
    admin = Group.objects.get(name=Role.ADMIN)

    perms = sorted(
        f"{p.content_type.app_label}.{p.codename}" for p in admin.permissions.all()
    )

    core = [
        "auth.view_group",
        "core.add_user",
        "core.change_user",
        "core.view_auditevent",
        "core.view_user",
    ]
    assert [p for p in perms if not p.startswith("cases.")] == core
    assert "cases.view_personal_data" in perms


def test_sync_roles_is_idempotent_and_repairs_drift(db: None) -> None:
    admin = Group.objects.get(name=Role.ADMIN)
    admin.permissions.clear()

    roles.sync_roles()
    roles.sync_roles()

    assert Group.objects.count() == len(Role.values)
    assert admin.permissions.count() == len(roles.declared_role_permissions()["admin"])


def test_unknown_role_in_an_app_config_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.apps import apps

    config = apps.get_app_config("api")
    monkeypatch.setattr(
        config, "role_permissions", {"janitor": ["core.view_user"]}, raising=False
    )

    with pytest.raises(
        ValueError, match="api: role_permissions names unknown role 'janitor'"
    ):
        roles.declared_role_permissions()
