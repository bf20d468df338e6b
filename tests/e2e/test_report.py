"""A member of the public reports in Arabic with a screenshot, then follows it."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from marsad.cases.models import Report
from marsad.cases.services import casework
from marsad.core.enums import Role
from tests.cases.conftest import photo_with_location
from tests.conftest import StaffMaker

pytestmark = [pytest.mark.e2e]

SHOTS = Path("/tmp/marsad-screenshots")  # noqa: S108  (for people looking at runs)


def attach_screenshot(page: Page) -> None:
    photo = {
        "name": "لقطة.jpg",
        "mimeType": "image/jpeg",
        "buffer": photo_with_location(),
    }
    page.set_input_files("#id_attachments", files=[photo])


def test_report_in_arabic_with_a_screenshot_then_follow_it_by_code(
    page: Page, live_server: object, make_staff: StaffMaker
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}/report/")
    page.click("button[name=language][value=ar]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("أبلغ عن انتهاك للحقوق الرقمية")

    page.get_by_label("حذف محتوى").check()
    page.select_option("#id_platform", "instagram")
    page.fill("#id_description", "حذفت إنستغرام صورتي من المظاهرة بعد ساعة")
    attach_screenshot(page)
    page.click("button.primary")  # forgot the consent: refused, text kept
    expect(page.locator("#id_description")).to_have_value(
        "حذفت إنستغرام صورتي من المظاهرة بعد ساعة"
    )
    expect(page.get_by_text("لا يمكننا قبول البلاغ دون هذه الموافقة.")).to_be_visible()
    expect(page.get_by_text("يرجى اختيار ملفاتك مجددًا")).to_be_visible()

    page.get_by_label("أوافق على أن تحفظ المؤسسة").check()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "report-form-ar.png", full_page=True)
    attach_screenshot(page)
    page.click("button.primary")
    code = page.get_by_test_id("receipt-code").inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "report-receipt-ar.png", full_page=True)

    report = Report.objects.get()
    assert (report.language, report.evidence.count()) == ("ar", 1)
    handler = make_staff("hana", [Role.CASE_HANDLER])[0]
    casework.open_case(report, actor=handler)

    page.goto(f"{live_server.url}/report/status/")
    page.fill("#id_code", code.lower().replace("-", " "))
    page.click("main button.primary")
    expect(page.get_by_test_id("report-status")).to_have_text("قيد الفحص لدى فريقنا")
    page.fill("#id_text", "حذفوا صورة ثانية اليوم")
    page.click("main button.primary")
    expect(page.get_by_test_id("n-additions")).to_have_text("1")
    page.screenshot(path=SHOTS / "report-status-ar.png", full_page=True)
