from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from marsad.core import services
from marsad.core.enums import Role
from tests.conftest import StaffMaker, current_code

pytestmark = [pytest.mark.e2e]

SHOTS = Path("/tmp/marsad-screenshots")  # noqa: S108  (for people looking at runs)


def sign_in_with_password(
    page: Page, base_url: str, username: str, password: str
) -> None:
    page.goto(f"{base_url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def test_analyst_signs_in_with_2fa_and_reads_arabic_right_to_left(
    page: Page, live_server: object, make_staff: StaffMaker
) -> None:
    _user, password, device = make_staff("amal", [Role.ANALYST])

    sign_in_with_password(page, live_server.url, "amal", password)
    page.wait_for_url("**/login/verify/**")
    page.fill("#id_token", current_code(device))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_test_id("role")).to_have_text(["Monitoring analyst"])

    page.click("button[name=language][value=ar]")

    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.get_by_test_id("role")).to_have_text(["محلل رصد"])
    expect(page.locator(".mainnav a")).to_have_text(
        ["لوحة المتابعة", "الملف الشخصي", "لوحة المؤشر", "قائمة المراجعة"]
    )
    brand = page.locator(".brand").bounding_box()
    signout = page.get_by_role("button", name="تسجيل الخروج").bounding_box()
    # Right to left: the brand starts the bar at the right, the account ends it left.
    assert brand["x"] > 1200 / 2 > signout["x"]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "home-ar.png", full_page=True)


def test_new_staff_member_sets_up_an_authenticator_in_hebrew(
    page: Page, live_server: object, db: None
) -> None:
    _user, password = services.create_user(
        username="dana", roles=[Role.CASE_HANDLER], actor=None
    )
    page.goto(f"{live_server.url}/login/")
    page.click("button[name=language][value=he]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    sign_in_with_password(page, live_server.url, "dana", password)
    page.wait_for_url("**/login/enroll/**")
    secret = page.get_by_test_id("totp-secret").inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "enroll-he.png", full_page=True)
    page.fill("#id_token", f"{totp(b32decode(secret)):06d}")
    page.click("main button[type=submit]")

    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_test_id("role")).to_have_text(["מטפל בתיקים"])
