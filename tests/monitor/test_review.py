"""The review queue: order, double review, labels, agreement, estimates, export."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from marsad.core.enums import Role
from marsad.core.models import User
from marsad.monitor import review
from marsad.monitor.classify.data import read_examples
from marsad.monitor.estimates import cohen_kappa, estimate, sample_size, wilson
from marsad.monitor.models import ReviewItem
from tests.conftest import StaffMaker

pytestmark = [pytest.mark.integration]


def test_wilson_interval_matches_the_textbook() -> None:
    low, high = wilson(8, 10)

    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert wilson(0, 0) == (0.0, 1.0)


def test_sample_size_for_five_points() -> None:
    assert sample_size(0.05) == 385
    assert sample_size(0.05, p=0.9) == 139


def test_kappa_is_one_for_agreement_and_zero_for_chance() -> None:
    assert cohen_kappa([("hate", "hate"), ("none", "none")]) == 1.0
    assert cohen_kappa([("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")]) == 0.0
    assert cohen_kappa([]) is None


def test_estimate_corrects_the_flagged_count_by_sampled_precision() -> None:
    found = estimate("hate", flagged=1000, n_sampled=10, n_confirmed=8)

    assert (found.mid, found.low, found.high) == (800, 490, 944)  # outward rounding
    assert estimate("hate", 1000, 0, 0).precision is None


@pytest.fixture
def items(scored_demo: Path) -> list[ReviewItem]:
    return list(ReviewItem.objects.all())


@pytest.fixture
def reviewers(make_staff: StaffMaker) -> tuple[User, User]:
    return (
        make_staff("rana", [Role.ANALYST])[0],
        make_staff("yoav", [Role.ANALYST])[0],
    )


def test_queue_orders_by_uncertainty_and_drops_reviewed_posts(
    items: list[ReviewItem], reviewers: tuple[User, User]
) -> None:
    rana, _yoav = reviewers
    queue = list(review.queue(rana))
    distances = [abs(item.p_abusive - 0.5) for item in queue]

    review.record_review(queue[0], label="hate", reviewer=rana, is_sample=False)

    assert distances == sorted(distances)
    assert queue[0] not in list(review.queue(rana))
    with pytest.raises(review.ReviewError, match="already reviewed"):
        review.record_review(queue[0], label="none", reviewer=rana, is_sample=False)


def test_a_share_of_posts_goes_to_a_second_reviewer_and_kappa_is_measured(
    items: list[ReviewItem], reviewers: tuple[User, User], settings: Any
) -> None:
    settings.MARSAD_DOUBLE_REVIEW_PERCENT = 100
    rana, yoav = reviewers
    for item in review.queue(rana, order="sample"):
        review.record_review(item, label=item.label, reviewer=rana, is_sample=True)
    second = list(review.queue(yoav, order="sample"))
    for item in second:
        review.record_review(item, label=item.label, reviewer=yoav, is_sample=True)

    assert len(second) == len(items)
    assert review.agreement() == (1.0, len(items))
    assert list(review.queue(yoav)) == []


def test_reviews_export_as_training_jsonl(
    items: list[ReviewItem], reviewers: tuple[User, User], tmp_path: Path
) -> None:
    rana, _yoav = reviewers
    first, second = items[:2]
    review.record_review(first, label="incitement", reviewer=rana, is_sample=False)
    review.record_review(second, label="none", reviewer=rana, is_sample=False)

    path = tmp_path / "reviews.jsonl"
    path.write_text("".join(line + "\n" for line in review.export_lines()))

    examples = read_examples([path])
    assert sorted(e.label for e in examples) == ["hate", "none"]
    assert {e.split for e in examples} == {"train"}
    assert json.loads(path.read_text().splitlines()[0])["category"] in {
        "incitement",
        "none",
    }


def test_reviewing_three_posts_changes_the_dashboard(
    items: list[ReviewItem], client: Client, make_staff: StaffMaker
) -> None:
    from tests.conftest import sign_in

    user, _password, device = make_staff("amal", [Role.ANALYST])
    sign_in(client, user, device)
    for _ in range(3):
        page = client.get("/monitor/review/?order=sample")
        item = page.context["item"]
        client.post(
            "/monitor/review/?order=sample",
            {"item": item.pk, "action": "confirm", "order": "sample"},
        )

    summary = client.get("/monitor/?start=2026-09-01&end=2026-09-30").context["summary"]
    assert sum(summary["reviewed"].values()) == 3
    assert sum(e["n_sampled"] for e in summary["estimates"]) == 3


def test_export_command_writes_what_train_reads(
    items: list[ReviewItem], reviewers: tuple[User, User], tmp_path: Path
) -> None:
    from marsad.cli import main

    review.record_review(
        items[0], label="offensive", reviewer=reviewers[0], is_sample=False
    )
    out = tmp_path / "labels.jsonl"

    assert main(["monitor", "export-reviews", "--out", str(out)]) == 0
    assert [e.label for e in read_examples([out])] == ["offensive"]


def test_agreement_counts_only_posts_reviewed_twice(
    items: list[ReviewItem], reviewers: tuple[User, User]
) -> None:
    rana, yoav = reviewers
    first, second = items[:2]
    review.record_review(first, label="hate", reviewer=rana, is_sample=True)
    review.record_review(second, label="none", reviewer=rana, is_sample=True)
    review.record_review(first, label="offensive", reviewer=yoav, is_sample=True)

    assert review.agreement() == (0.0, 1)
