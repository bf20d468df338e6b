"""A case handler takes a new report through verification to the platform's answer."""

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from marsad.cases.models import Case
from marsad.cases.services import intake
from marsad.cases.services.evidence import Upload
from marsad.core.enums import Role
from tests.cases.conftest import photo_with_location, report_input
from tests.conftest import StaffMaker, current_code
from tests.e2e.test_sign_in import SHOTS, sign_in_with_password

pytestmark = [pytest.mark.e2e]


def test_handler_verifies_escalates_and_records_the_outcome_in_hebrew(
    page: Page,
    live_server: Any,
    make_staff: StaffMaker,
) -> None:
    intake.submit_report(
        report_input(),
        uploads=[Upload("screen.jpg", photo_with_location())],
        today=date(2026, 11, 1),
    )
    _user, password, device = make_staff("dana", [Role.CASE_HANDLER])
    sign_in_with_password(page, live_server.url, "dana", password)
    page.fill("#id_token", current_code(device))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.click("button[name=language][value=he]")

    page.goto(f"{live_server.url}/cases/inbox/")
    page.get_by_test_id("inbox").get_by_role("link").first.click()
    expect(page.get_by_test_id("report-description")).to_contain_text("حذفوا منشوري")
    page.get_by_role("button", name="פתיחת תיק ולקיחתו").click()
    expect(page.get_by_test_id("case-status")).to_have_text("חדש")

    page.select_option("#id_status", "verifying")
    page.get_by_role("button", name="שינוי הסטטוס").click()
    for box in page.locator("input[name=done]").all():
        box.check()
    page.get_by_role("button", name="שמירת רשימת הבדיקות").click()
    page.select_option("#id_status", "verified")
    page.get_by_role("button", name="שינוי הסטטוס").click()
    expect(page.get_by_test_id("case-status")).to_have_text("אומת")

    page.select_option("select[name=channel]", "trusted_partner")
    page.fill("input[name=reference]", "TP-77")
    page.get_by_role("button", name="רישום הסלמה").click()
    expect(page.get_by_test_id("case-status")).to_have_text("הוסלם")
    page.select_option("#id_outcome >> nth=-1", "content_restored")
    page.get_by_role("button", name="רישום התשובה").click()
    expect(page.get_by_test_id("escalation-outcome")).to_have_text("התוכן שוחזר")
    expect(page.get_by_test_id("evidence")).to_contain_text("image/jpeg")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "case-he.png", full_page=True)

    case = Case.objects.get()
    assert (case.status, case.outcome) == ("escalated", "content_restored")
    assert case.events.count() == 6  # opened, 2 statuses, checklist, escalated, answer
