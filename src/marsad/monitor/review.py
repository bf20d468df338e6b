"""The review queue: which flagged post a reviewer sees next, their labels,
agreement between reviewers, estimates from the random sample, and export.

Two ways through the queue: by the model's uncertainty or score (to fix the
model where it hesitates), and the random sample (items in `sample_key` order,
unbiased): only the latter measures precision. A share of items
(MARSAD_DOUBLE_REVIEW_PERCENT, the lowest sample keys) is given to a second
reviewer, for Cohen's kappa.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Abs, Coalesce

from marsad.core.audit import record_event
from marsad.core.enums import AuditAction
from marsad.core.models import User
from marsad.monitor.enums import ReviewLabel
from marsad.monitor.estimates import Estimate, cohen_kappa, estimate
from marsad.monitor.models import Review, ReviewItem

ORDERS = ("uncertainty", "score", "sample")
# Training data knows hate, offensive and none; incitement is a kind of hate there.
TRAINING_LABEL = {
    "hate": "hate",
    "incitement": "hate",
    "offensive": "offensive",
    "none": "none",
}


class ReviewError(ValueError):
    """The label cannot be recorded; the message says why."""


@dataclass(frozen=True)
class QueueFilters:
    source: str = ""
    lang: str = ""
    category: str = ""
    day: date | None = None


def _reviews_of_item() -> QuerySet[Review]:
    return Review.objects.filter(
        platform=OuterRef("platform"), post_id=OuterRef("post_id")
    )


def queue(
    user: User, *, order: str = "uncertainty", filters: QueueFilters = QueueFilters()
) -> QuerySet[ReviewItem]:
    """Items this reviewer should see, best first."""
    double = settings.MARSAD_DOUBLE_REVIEW_PERCENT / 100
    n_reviews = Subquery(
        _reviews_of_item()
        .order_by()
        .values("platform")
        .annotate(n=Count("id"))
        .values("n"),
        output_field=IntegerField(),
    )
    items = (
        ReviewItem.objects.exclude(Exists(_reviews_of_item().filter(reviewer=user)))
        .annotate(n_reviews=Coalesce(n_reviews, 0))
        .filter(Q(n_reviews=0) | Q(n_reviews=1, sample_key__lt=double))
    )
    for name in ("source", "lang", "day"):
        if getattr(filters, name):
            items = items.filter(**{name: getattr(filters, name)})
    if filters.category:
        items = items.filter(label=filters.category)
    if order == "sample":
        return items.order_by("sample_key", "id")
    if order == "score":
        return items.order_by("-p_abusive", "id")
    return items.order_by(Abs(F("p_abusive") - 0.5), "id")


@transaction.atomic
def record_review(
    item: ReviewItem, *, label: str, reviewer: User, is_sample: bool
) -> Review:
    if label not in ReviewLabel.values:
        raise ReviewError(f"unknown label {label!r}")
    if not reviewer.has_perm("monitor.add_review"):
        raise ReviewError(f"{reviewer.get_username()} does not review posts")
    try:
        with transaction.atomic():
            review = Review.objects.create(
                platform=item.platform,
                post_id=item.post_id,
                reviewer=reviewer,
                label=label,
                model_label=item.label,
                is_sample=is_sample,
                text=item.text,
                lang=item.lang,
                source=item.source,
                day=item.day,
            )
    except IntegrityError:
        raise ReviewError("you have already reviewed this post") from None
    record_event(
        actor=reviewer,
        action=AuditAction.CREATE,
        target=review,
        detail={"label": label},
    )
    return review


def agreement() -> tuple[float | None, int]:
    """Cohen's kappa over posts two people reviewed, and how many such posts."""
    # Only posts with a second review: the page asks this at every key press,
    # so it does not read the whole table of single reviews.
    doubled = Review.objects.filter(
        Exists(_reviews_of_item().exclude(pk=OuterRef("pk")))
    )
    labels: dict[tuple[str, str], list[str]] = {}
    for platform, post_id, label in doubled.order_by("created_at", "id").values_list(
        "platform", "post_id", "label"
    ):
        labels.setdefault((platform, post_id), []).append(label)
    pairs = [(first[0], first[1]) for first in labels.values() if len(first) >= 2]
    return cohen_kappa(pairs), len(pairs)


def first_reviews(
    start: date | None = None, end: date | None = None
) -> QuerySet[Review]:
    """One review per post (the earliest), so double reviews do not count twice."""
    earliest = (
        Review.objects.filter(
            platform=OuterRef("platform"), post_id=OuterRef("post_id")
        )
        .order_by("created_at", "id")
        .values("id")[:1]
    )
    reviews = Review.objects.filter(id=Subquery(earliest))
    if start:
        reviews = reviews.filter(day__gte=start)
    if end:
        reviews = reviews.filter(day__lte=end)
    return reviews


def reviewed_counts(start: date, end: date) -> dict[str, int]:
    """Posts reviewers labelled, per label, in the period."""
    rows = first_reviews(start, end).values_list("label").annotate(n=Count("id"))
    return dict(rows)


def estimates(flagged: dict[str, int]) -> list[Estimate]:
    """Each category's flagged count corrected by its random-sample precision.

    Precision is measured on every random-sample review so far (all periods):
    a period alone rarely has enough reviewed posts.
    """
    sample = first_reviews().filter(is_sample=True)
    found = []
    for category, count in flagged.items():
        judged = sample.filter(model_label=category)
        found.append(
            estimate(
                category, count, judged.count(), judged.filter(label=category).count()
            )
        )
    return found


def export_lines() -> Iterator[str]:
    """Reviewed posts as labelled JSONL (the training format), one per post.

    Posts whose two reviewers disagree are left out: their label is unsure.
    """
    by_post: dict[tuple[str, str], list[Review]] = {}
    for review in Review.objects.order_by("created_at", "id"):
        by_post.setdefault((review.platform, review.post_id), []).append(review)
    for (platform, post_id), reviews in by_post.items():
        labels = {TRAINING_LABEL[r.label] for r in reviews}
        if len(labels) != 1:
            continue
        first = reviews[0]
        yield json.dumps(
            {
                "id": f"review-{platform}-{post_id}",
                "text": first.text,
                "lang": first.lang,
                "label": labels.pop(),
                "category": first.label,
                "split": "train",
                "source": f"review:{first.source}",
            },
            ensure_ascii=False,
        )
