import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

from marsad.core.enums import AuditAction, Role
from marsad.core.models import ApiToken, AuditEvent
from tests.conftest import StaffMaker, sign_in

pytestmark = [pytest.mark.integration]


def test_health_reports_the_database(client: Client, db: None) -> None:
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "version": "0.1.0"}


def test_health_is_503_when_the_database_fails(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_cursor() -> None:
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", broken_cursor)
        response = client.get("/api/v1/health")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_openapi_docs_are_served(client: Client, db: None) -> None:
    docs = client.get("/api/v1/docs")
    schema = client.get("/api/v1/openapi.json").json()

    assert docs.status_code == 200
    assert {"/api/v1/health", "/api/v1/me", "/api/v1/cases/reports"} <= set(
        schema["paths"]
    )


def create_token_in_ui(client: Client, name: str = "nightly import") -> str:
    created = client.post("/profile/tokens/", {"name": name})
    assert (created.status_code, created["Location"]) == (302, "/profile/")
    return client.get("/profile/").context["new_token"]


def test_token_made_in_the_ui_authenticates_and_is_shown_once(
    client: Client, make_staff: StaffMaker, django_assert_num_queries: object
) -> None:
    user, _pw, device = make_staff("amal", [Role.ANALYST, Role.CASE_HANDLER])
    sign_in(client, user, device)

    raw = create_token_in_ui(client)
    shown_again = client.get("/profile/").context["new_token"]
    api = Client()
    with django_assert_num_queries(3):  # token+user, last_used_at, roles
        me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})

    assert raw.startswith("msd_")
    assert shown_again is None
    assert me.status_code == 200
    assert me.json() == {"username": "amal", "roles": ["analyst", "case_handler"]}
    assert ApiToken.objects.get().last_used_at is not None


def test_token_is_stored_only_as_a_hash(client: Client, make_staff: StaffMaker) -> None:
    user, _pw, device = make_staff("amal", [Role.ANALYST])
    sign_in(client, user, device)

    raw = create_token_in_ui(client)

    token = ApiToken.objects.get()
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert raw not in stored
    assert raw[12:] not in "".join(stored)
    assert token.prefix == raw[:12]
    assert (
        AuditEvent.objects.filter(action=AuditAction.TOKEN_CREATED, actor=user).count()
        == 1
    )


def test_revoked_token_is_refused(client: Client, make_staff: StaffMaker) -> None:
    user, _pw, device = make_staff("amal", [Role.ANALYST])
    sign_in(client, user, device)
    raw = create_token_in_ui(client)
    token = ApiToken.objects.get()

    revoked = client.post(f"/profile/tokens/{token.pk}/revoke/")
    me = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})

    assert revoked.status_code == 302
    assert me.status_code == 401
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED).count() == 1


def test_someone_elses_token_cannot_be_revoked(
    client: Client, make_staff: StaffMaker
) -> None:
    owner, _pw, owner_device = make_staff("amal", [Role.ANALYST])
    other, _pw, other_device = make_staff("sami", [Role.ANALYST])
    sign_in(client, owner, owner_device)
    create_token_in_ui(client)
    token = ApiToken.objects.get()

    response = sign_in(Client(), other, other_device).post(
        f"/profile/tokens/{token.pk}/revoke/"
    )

    assert response.status_code == 404
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer msd_nonsense", "Token abc"])
def test_me_refuses_missing_or_unknown_tokens(
    client: Client, db: None, header: str
) -> None:
    response = client.get(
        "/api/v1/me", headers={"Authorization": header} if header else {}
    )

    assert response.status_code == 401


def test_token_of_a_deactivated_user_is_refused(
    client: Client, make_staff: StaffMaker
) -> None:
    user, _pw, device = make_staff("amal", [Role.ANALYST])
    sign_in(client, user, device)
    raw = create_token_in_ui(client)
    user.is_active = False
    user.save()

    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 401
