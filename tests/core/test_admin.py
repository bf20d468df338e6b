import pytest
from django.contrib.auth.models import Group
from django.test import Client

from marsad.core.enums import AuditAction, Role
from marsad.core.models import AuditEvent, User
from tests.conftest import StaffMaker, sign_in

pytestmark = [pytest.mark.integration]


def change_form(user: User, **changes: object) -> dict[str, object]:
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "phone": "",
    }
    data.update(changes)
    return data


def test_opening_a_user_in_admin_is_audited(
    client: Client, make_staff: StaffMaker
) -> None:
    admin, _pw, device = make_staff("boss", [Role.ADMIN])
    target, _pw, _device = make_staff("sami", [Role.ANALYST])
    sign_in(client, admin, device)

    response = client.get(f"/admin/core/user/{target.pk}/change/")

    assert response.status_code == 200
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW, target_id=str(target.pk))
    assert [(e.actor_username, e.target_repr) for e in reads] == [("boss", "sami")]


def test_roles_given_in_admin_go_through_the_role_service(
    client: Client, make_staff: StaffMaker
) -> None:
    admin, _pw, device = make_staff("boss", [Role.ADMIN])
    target, _pw, _device = make_staff("sami", [Role.ANALYST])
    sign_in(client, admin, device)
    groups = [
        Group.objects.get(name=Role.ADMIN).pk,
        Group.objects.get(name=Role.TRAINER).pk,
    ]

    response = client.post(
        f"/admin/core/user/{target.pk}/change/",
        change_form(target, groups=groups, phone="+972 50 000 0000"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert target.role_names == ["admin", "trainer"]
    assert target.is_staff is True
    assert target.phone == "+972 50 000 0000"
    events = list(AuditEvent.objects.filter(target_id=str(target.pk), actor=admin))
    assert [e.action for e in events] == ["roles_changed", "update"]  # newest first
    assert events[0].detail == {"roles": ["admin", "trainer"]}
    # The admin's split date widget may report date_joined as changed too.
    assert {"groups", "phone"} <= set(events[1].detail["fields"])
