"""Every page and endpoint of the observatory × every role: allowed or refused.

`allow`: the request is served (200, a redirect back to the page, or a 400 from
the workflow); `deny`: 403; `login`: sent to sign in (pages) or 401 (API).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from marsad.cases.models import Case, Escalation, Report
from marsad.cases.services import casework
from marsad.cases.services.evidence import Upload
from marsad.core import services
from marsad.core.enums import Role
from marsad.core.models import User
from tests.cases.conftest import ReportMaker, photo_with_location
from tests.conftest import StaffMaker, sign_in

pytestmark = [pytest.mark.integration]

ROLES = ["anonymous", "analyst", "campaigns", "trainer", "handler", "assigned", "admin"]
EVERYONE = dict.fromkeys(ROLES, "allow")
STAFF = {
    **dict.fromkeys(ROLES, "deny"),
    "anonymous": "login",
    "handler": "allow",
    "assigned": "allow",
    "admin": "allow",
}
PERSONAL = {**STAFF, "handler": "deny"}
NOBODY = {**STAFF, "handler": "deny", "assigned": "deny", "admin": "deny"}


@dataclass
class World:
    case: Case
    report: Report
    escalation: Escalation
    users: dict[str, User]

    @property
    def evidence_id(self) -> int:
        return self.case.evidence.get().pk


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: Callable[[World], str]
    expected: dict[str, str]
    data: Callable[[World], dict] = lambda w: {}
    api: bool = False


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("p.jpg", photo_with_location(), "image/jpeg")


def case_url(tail: str) -> Callable[[World], str]:
    return lambda w: f"/cases/{w.case.pk}/{tail}"


ENDPOINTS = {
    "report form": Endpoint("get", lambda w: "/report/", EVERYONE),
    "report thanks": Endpoint("get", lambda w: "/report/thanks/", EVERYONE),
    "report status": Endpoint("get", lambda w: "/report/status/", EVERYONE),
    "public statistics": Endpoint("get", lambda w: "/report/statistics/", EVERYONE),
    "case list": Endpoint("get", lambda w: "/cases/", STAFF),
    "inbox": Endpoint("get", lambda w: "/cases/inbox/", STAFF),
    "dashboard": Endpoint("get", lambda w: "/cases/statistics/", STAFF),
    "statistics csv": Endpoint("get", lambda w: "/cases/statistics.csv", STAFF),
    "new report": Endpoint("get", lambda w: f"/cases/reports/{w.report.pk}/", STAFF),
    "open case": Endpoint(
        "post", lambda w: f"/cases/reports/{w.report.pk}/open/", STAFF
    ),
    "merge report": Endpoint(
        "post",
        lambda w: f"/cases/reports/{w.report.pk}/merge/",
        PERSONAL,
        lambda w: {"case": w.case.pk},
    ),
    "case detail": Endpoint("get", case_url(""), STAFF),
    "take case": Endpoint("post", case_url("take/"), NOBODY),
    "status": Endpoint(
        "post", case_url("status/"), PERSONAL, lambda w: {"status": "verifying"}
    ),
    "checklist": Endpoint(
        "post", case_url("checklist/"), PERSONAL, lambda w: {"done": ["links_checked"]}
    ),
    "assign": Endpoint(
        "post",
        case_url("assign/"),
        PERSONAL,
        lambda w: {"handlers": [w.users["assigned"].pk]},
    ),
    "note": Endpoint("post", case_url("notes/"), PERSONAL, lambda w: {"text": "n"}),
    "tags": Endpoint("post", case_url("tags/"), PERSONAL, lambda w: {"tags": "a, b"}),
    "escalate": Endpoint(
        "post",
        case_url("escalations/"),
        PERSONAL,
        lambda w: {"platform": "x", "channel": "email", "sent_on": "2026-11-01"},
    ),
    "response": Endpoint(
        "post",
        case_url("escalations/response/"),
        PERSONAL,
        lambda w: {"escalation": w.escalation.pk, "outcome": "no_action"},
    ),
    "add evidence": Endpoint(
        "post", case_url("evidence/"), PERSONAL, lambda w: {"file": photo()}
    ),
    "capture link": Endpoint(
        "post",
        case_url("evidence/link/"),
        PERSONAL,
        lambda w: {"url": "http://127.0.0.1:9/gone"},
    ),
    "evidence zip": Endpoint("get", case_url("evidence.zip"), PERSONAL),
    "evidence original": Endpoint(
        "get", lambda w: f"/cases/evidence/{w.evidence_id}/original/", PERSONAL
    ),
    "evidence shareable": Endpoint(
        "get", lambda w: f"/cases/evidence/{w.evidence_id}/shareable/", PERSONAL
    ),
    "custody": Endpoint(
        "get", lambda w: f"/cases/evidence/{w.evidence_id}/custody/", PERSONAL
    ),
    "api submit": Endpoint(
        "post",
        lambda w: "/api/v1/cases/reports",
        EVERYONE,
        lambda w: {
            "violation_type": "other",
            "platform": "other",
            "description": "x",
            "consent_store": True,
        },
        api=True,
    ),
    "api status": Endpoint(
        "post",
        lambda w: "/api/v1/cases/reports/status",
        EVERYONE,
        lambda w: {"receipt_code": "0000-0000-0000-0000-0000"},
        api=True,
    ),
    "api statistics": Endpoint(
        "get", lambda w: "/api/v1/cases/statistics", EVERYONE, api=True
    ),
    "api case list": Endpoint("get", lambda w: "/api/v1/cases/", STAFF, api=True),
    "api case detail": Endpoint(
        "get", lambda w: f"/api/v1/cases/{w.case.pk}", STAFF, api=True
    ),
    "api full statistics": Endpoint(
        "get", lambda w: "/api/v1/cases/statistics/full", STAFF, api=True
    ),
    "api status change": Endpoint(
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/status",
        PERSONAL,
        lambda w: {"status": "verifying"},
        api=True,
    ),
    "api escalate": Endpoint(
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/escalations",
        PERSONAL,
        lambda w: {"platform": "x", "channel": "email", "sent_on": "2026-11-01"},
        api=True,
    ),
}


@pytest.fixture
def world(make_staff: StaffMaker, file_report: ReportMaker) -> World:
    users = {
        "analyst": make_staff("an", [Role.ANALYST])[0],
        "campaigns": make_staff("cm", [Role.CAMPAIGN_MANAGER])[0],
        "trainer": make_staff("tr", [Role.TRAINER])[0],
        "handler": make_staff("h1", [Role.CASE_HANDLER])[0],
        "assigned": make_staff("h2", [Role.CASE_HANDLER])[0],
        "admin": make_staff("ad", [Role.ADMIN])[0],
    }
    first, _code = file_report([Upload("s.jpg", photo_with_location())])
    case = casework.open_case(first, actor=users["assigned"])
    escalation = Escalation.objects.create(
        case=case,
        platform="x",
        channel="email",
        sent_on=date(2026, 11, 1),
        created_by=users["assigned"],
    )
    report, _code = file_report()
    return World(case=case, report=report, escalation=escalation, users=users)


def outcome(response: object, *, api: bool) -> str:
    status = response.status_code  # type: ignore[attr-defined]
    if status == 403:
        return "deny"
    if api and status == 401:
        return "login"
    location = getattr(response, "headers", {}).get("Location", "")
    if status == 302 and "/login/" in location:
        return "login"
    assert status in {200, 201, 302, 400, 404}, status
    return "allow"


def request_as(client: Client, world: World, role: str, endpoint: Endpoint) -> object:
    headers = {}
    if role != "anonymous":
        user = world.users[role]
        if endpoint.api:
            _token, raw = services.create_api_token(user, name="m", actor=user)
            headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        else:
            sign_in(client, user, user.totpdevice_set.get())
    path, data = endpoint.path(world), endpoint.data(world)
    if endpoint.api and endpoint.method == "post":
        return client.post(
            path, json.dumps(data), content_type="application/json", **headers
        )
    return getattr(client, endpoint.method)(path, data, **headers)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_permission_matrix(client: Client, world: World, name: str, role: str) -> None:
    endpoint = ENDPOINTS[name]

    response = request_as(client, world, role, endpoint)
    response.close()  # type: ignore[attr-defined]  (a file download holds the file)

    assert outcome(response, api=endpoint.api) == endpoint.expected[role]


def test_matrix_covers_every_page_of_the_app() -> None:
    from django.urls import get_resolver

    names = {p.name for p in get_resolver().url_patterns[1].url_patterns if p.name}
    assert len(names) == 25
    assert len(ENDPOINTS) * len(ROLES) == 238


def test_an_unassigned_handler_sees_the_case_but_not_the_people(
    client: Client, world: World
) -> None:
    handler = world.users["handler"]
    sign_in(client, handler, handler.totpdevice_set.get())

    page = client.get(f"/cases/{world.case.pk}/").content.decode()

    assert "no-access" in page
    assert "Lina Haddad" not in page
    assert "حذفوا منشوري" not in page
