"""The Index: summed counts, spikes, the dashboard page and its API."""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from marsad.core import services
from marsad.core.models import User
from marsad.monitor.models import DailyCount, PartRun
from marsad.monitor.queries import Filters, spikes

pytestmark = [pytest.mark.integration]


def test_a_day_far_above_the_four_weeks_before_is_a_spike(db: None) -> None:
    run = PartRun.objects.create(model_version="v", part="p", n_posts=0, n_flagged=0)
    start = date(2026, 1, 1)
    for offset in range(40):
        n = 60 if offset == 35 else 3 + offset % 3
        DailyCount.objects.create(
            run=run,
            day=start + timedelta(offset),
            platform="x",
            lang="he",
            source="s",
            category="hate",
            n_posts=n,
        )

    found = spikes(Filters(start + timedelta(30), start + timedelta(39)), "hate")

    assert [(s.day, s.n_posts) for s in found] == [(start + timedelta(35), 60)]
    assert found[0].baseline == pytest.approx(4.0, abs=0.1)


def test_summary_api_counts_every_post_once_and_says_they_are_estimated(
    scored_demo: Path, client: Client, analyst_client: Client
) -> None:
    user = User.objects.get(username="analyst")
    _token, raw = services.create_api_token(user, name="t", actor=user)

    body = client.get(
        "/api/v1/monitor/summary?start=2026-09-01&end=2026-09-30",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    ).json()

    assert body["counts_are"] == "estimated"
    assert body["n_posts"] == 36
    assert sum(n for _lang, n in body["by_lang"]) == 36
    assert {lang for lang, _n in body["by_lang"]} == {"ar", "he", "en"}
    assert body["top_hashtags"]


def test_dashboard_draws_right_to_left_in_arabic(
    scored_demo: Path, analyst_client: Client
) -> None:
    page = analyst_client.get(
        "/monitor/?start=2026-09-01&end=2026-09-30", HTTP_ACCEPT_LANGUAGE="ar"
    ).content.decode()

    assert 'dir="rtl"' in page
    assert 'transform="translate(720 0) scale(-1 1)"' in page
    assert 'data-testid="chart-hate"' in page


def test_the_index_is_for_analysts(client: Client, make_staff: Any) -> None:
    from marsad.core.enums import Role
    from tests.conftest import sign_in

    user, _password, device = make_staff("carla", [Role.CAMPAIGN_MANAGER])
    sign_in(client, user, device)

    assert client.get("/monitor/").status_code == 403
