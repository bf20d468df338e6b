import json

import pytest
from django.test import Client

from marsad.cases.models import Case, Report
from marsad.core import services
from marsad.core.models import User

pytestmark = [pytest.mark.integration]

REPORT = {
    "violation_type": "incitement",
    "platform": "telegram",
    "language": "ar",
    "links": ["https://t.me/example/123"],
    "description": "دعوة للاعتداء على المشاركين في الوقفة",
    "consent_store": True,
    "consent_statistics": True,
}


def post(client: Client, url: str, body: dict, **headers: str):
    return client.post(
        url, json.dumps(body), content_type="application/json", **headers
    )


def token_for(user: User) -> str:
    _token, raw = services.create_api_token(user, name="t", actor=user)
    return f"Bearer {raw}"


def test_report_filed_and_followed_through_the_api(client: Client, db: None) -> None:
    filed = post(client, "/api/v1/cases/reports", REPORT)

    assert filed.status_code == 201
    code = filed.json()["receipt_code"]
    status = post(client, "/api/v1/cases/reports/status", {"receipt_code": code})
    assert status.json()["status"] == "received"
    missing = post(client, "/api/v1/cases/reports/status", {"receipt_code": "x"})
    assert missing.status_code == 404


def test_api_refuses_a_report_without_consent_and_stores_nothing(
    client: Client, db: None
) -> None:
    refused = post(client, "/api/v1/cases/reports", {**REPORT, "consent_store": False})

    assert refused.status_code == 400
    assert "consent" in refused.json()["detail"]
    assert Report.objects.count() == 0


def test_staff_api_shows_personal_data_only_to_assignees(
    client: Client, case: Case, handler: User, other_handler: User
) -> None:
    mine = client.get(f"/api/v1/cases/{case.pk}", HTTP_AUTHORIZATION=token_for(handler))
    theirs = client.get(
        f"/api/v1/cases/{case.pk}", HTTP_AUTHORIZATION=token_for(other_handler)
    )

    assert mine.json()["reports"][0]["contact_name"] == "Lina Haddad"
    assert theirs.status_code == 200
    assert theirs.json()["reports"] is None
    denied = post(
        client,
        f"/api/v1/cases/{case.pk}/status",
        {"status": "verifying"},
        HTTP_AUTHORIZATION=token_for(other_handler),
    )
    assert denied.status_code == 403


def test_status_change_through_the_api_is_checked_by_the_workflow(
    client: Client, case: Case, handler: User
) -> None:
    auth = token_for(handler)

    bad = post(
        client,
        f"/api/v1/cases/{case.pk}/status",
        {"status": "resolved"},
        HTTP_AUTHORIZATION=auth,
    )
    good = post(
        client,
        f"/api/v1/cases/{case.pk}/status",
        {"status": "verifying"},
        HTTP_AUTHORIZATION=auth,
    )

    assert bad.status_code == 400
    assert "cannot go from new to resolved" in bad.json()["detail"]
    assert good.json()["status"] == "verifying"


def test_public_statistics_hide_small_counts(client: Client, case: Case) -> None:
    body = client.get("/api/v1/cases/statistics").json()

    assert body["min_count"] == 5
    assert all(c["count"] in (0, None) for c in body["tables"]["platform"]["cells"])
