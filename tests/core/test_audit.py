import pytest
from django.test import Client

from marsad.core.audit import events_for_object, record_event, record_read
from marsad.core.enums import AuditAction, Role
from marsad.core.models import AppendOnlyError, AuditEvent
from tests.conftest import StaffMaker, sign_in

pytestmark = [pytest.mark.integration]


def test_record_event_stores_who_what_which_and_when(make_staff: StaffMaker) -> None:
    actor, _pw, _device = make_staff("amal", [Role.ADMIN])
    target, _pw, _device = make_staff("sami", [Role.ANALYST])

    event = record_read(actor=actor, target=target)

    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_username, stored.action) == (
        actor,
        "amal",
        "view",
    )
    assert (stored.target_type.model, stored.target_id, stored.target_repr) == (
        "user",
        str(target.pk),
        "sami",
    )
    assert stored.created_at is not None
    assert [e.action for e in events_for_object(target)][:1] == ["view"]


def test_audit_events_cannot_be_changed_or_deleted(db: None) -> None:
    event = record_event(
        actor=None, action=AuditAction.LOGIN_FAILED, actor_username="x"
    )

    event.action = AuditAction.LOGIN
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="login")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "login_failed"


def test_admin_lists_and_filters_the_audit_log(
    client: Client, make_staff: StaffMaker
) -> None:
    admin, _pw, device = make_staff("boss", [Role.ADMIN])
    record_event(actor=None, action=AuditAction.LOGIN_FAILED, actor_username="mallory")
    record_event(actor=admin, action=AuditAction.LOGIN)
    sign_in(client, admin, device)

    everything = client.get("/admin/core/auditevent/")
    failed = client.get("/admin/core/auditevent/", {"action": "login_failed"})

    assert everything.status_code == 200
    # create_user wrote "create" and "roles_changed" for boss, plus the two above.
    assert everything.context["cl"].result_count == 4
    assert [e.actor_username for e in failed.context["cl"].result_list] == ["mallory"]


def test_audit_log_is_hidden_from_other_roles(analyst_client: Client) -> None:
    response = analyst_client.get("/admin/core/auditevent/", follow=True)

    assert response.redirect_chain == [
        ("/admin/login/?next=/admin/core/auditevent/", 302)
    ]
    assert response.status_code == 403
