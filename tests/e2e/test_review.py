"""An analyst reviews three posts with the keyboard; the Index counts follow."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from marsad.core.demo import DEMO_POSTS
from marsad.core.enums import Role
from marsad.monitor.runs import run_pipeline
from marsad.monitor.services import ingest_files
from tests.conftest import StaffMaker, current_code
from tests.e2e.test_sign_in import SHOTS, sign_in_with_password

pytestmark = [pytest.mark.e2e]


def test_analyst_reviews_three_posts_with_the_keyboard(
    page: Page,
    live_server: Any,
    make_staff: StaffMaker,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MARSAD_LAKE_DIR = tmp_path / "lake"
    ingest_files([DEMO_POSTS], source="demo", fmt="jsonl")
    run_pipeline(engine="local", workers=1)
    _user, password, device = make_staff("amal", [Role.ANALYST])
    sign_in_with_password(page, live_server.url, "amal", password)
    page.fill("#id_token", current_code(device))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    dashboard = f"{live_server.url}/monitor/?start=2026-09-01&end=2026-09-30"
    page.goto(dashboard)
    expect(page.get_by_test_id("reviewed-hate")).to_have_text("0")

    page.goto(f"{live_server.url}/monitor/review/?order=sample")
    for key in ("1", "2", "0"):
        shown = page.get_by_test_id("post-text").inner_text()
        page.keyboard.press(key)
        expect(page.get_by_test_id("post-text")).not_to_have_text(shown)
        page.wait_for_load_state()  # the key listener is attached by then
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "review.png", full_page=True)

    page.goto(dashboard)
    reviewed = [
        int(page.get_by_test_id(f"reviewed-{c}").inner_text())
        for c in ("hate", "offensive", "incitement")
    ]
    # Key 1 confirmed the model's label (hate or offensive), key 2 said hate, key 0
    # said not hateful: two posts now count as reviewed in a category.
    assert sum(reviewed) == 2
    page.click("button[name=language][value=he]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=SHOTS / "index-he.png", full_page=True)
