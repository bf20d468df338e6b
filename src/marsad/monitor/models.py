"""Live sources polled into the lake. Posts themselves live in the lake, not here."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from marsad.core.fields import EncryptedTextField
from marsad.monitor.enums import ReviewLabel, SourceKind


class Source(models.Model):
    """A saved query on a public API, fetched by `marsad monitor sources fetch`."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind.choices)
    base_url = models.URLField(_("API address"))
    query = models.CharField(_("hashtag or search"), max_length=200)
    access_token = EncryptedTextField(_("access token"), blank=True, default="")
    state = models.JSONField(
        _("where the last fetch stopped"), default=dict, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    n_fetched = models.PositiveIntegerField(_("posts stored"), default=0)

    class Meta:
        verbose_name = _("live source")
        verbose_name_plural = _("live sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartRun(models.Model):
    """One lake part scored by one model version; its counts hang off it.

    The row and its counts are written in one transaction after the part's
    scores file, so a run killed at any point leaves either both or neither,
    and the next run finishes the rest without counting anything twice.
    """

    model_version = models.CharField(_("model version"), max_length=16)
    part = models.CharField(_("lake part"), max_length=400)
    n_posts = models.PositiveIntegerField(_("posts"))
    n_flagged = models.PositiveIntegerField(_("flagged"))
    scored_at = models.DateTimeField(_("scored"), auto_now_add=True)

    class Meta:
        verbose_name = _("scored part")
        verbose_name_plural = _("scored parts")
        constraints = [
            models.UniqueConstraint(fields=["part"], name="one_scoring_per_part")
        ]

    def __str__(self) -> str:
        return f"{self.part} @ {self.model_version}"


class _PartCount(models.Model):
    """A count one scored part contributed to one day; gone with its `PartRun`."""

    run = models.ForeignKey(PartRun, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(db_index=True)

    class Meta:
        abstract = True


class DailyCount(_PartCount):
    """Posts per day x platform x language x source x category (`all`: every post)."""

    platform = models.CharField(max_length=32)
    lang = models.CharField(max_length=8)
    source = models.CharField(max_length=64)
    category = models.CharField(max_length=16)
    n_posts = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.day} {self.category} {self.n_posts}"


class HashtagCount(_PartCount):
    tag = models.CharField(max_length=200)
    n_posts = models.PositiveIntegerField()
    n_flagged = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.day} #{self.tag}"


class AccountCount(_PartCount):
    """Flagged posts per author (a pseudonym when pseudonymisation is on)."""

    account = models.CharField(max_length=200)
    n_flagged = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.day} {self.account}"


class TargetCount(_PartCount):
    """Flagged posts per targeted group, where the lexicon tags one."""

    target = models.CharField(max_length=100)
    n_flagged = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.day} {self.target}"


class ReviewItem(models.Model):
    """A flagged post waiting for (or given) a human label."""

    run = models.ForeignKey(PartRun, on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(_("platform"), max_length=32)
    post_id = models.CharField(_("post"), max_length=200)
    source = models.CharField(_("source"), max_length=64)
    day = models.DateField(_("day"), db_index=True)
    lang = models.CharField(_("language"), max_length=8)
    text = models.TextField(_("text"))
    label = models.CharField(_("model's label"), max_length=16)
    categories = models.JSONField(_("categories"), default=list)
    p_abusive = models.FloatField(_("abusive score"))
    explanation = models.JSONField(_("explanation"), default=list)
    # Uniform in [0, 1): the random-sample mode reads items in this order, and
    # items under MARSAD_DOUBLE_REVIEW_SHARE are reviewed by two people.
    sample_key = models.FloatField(default=0.0, db_index=True)

    class Meta:
        verbose_name = _("post to review")
        verbose_name_plural = _("posts to review")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "post_id"], name="one_review_item_per_post"
            )
        ]

    def __str__(self) -> str:
        return f"{self.platform}:{self.post_id}"


class Review(models.Model):
    """A reviewer's label for a flagged post; kept apart from `ReviewItem`, which
    is replaced when the post is scored again, so labels are never lost."""

    platform = models.CharField(_("platform"), max_length=32)
    post_id = models.CharField(_("post"), max_length=200)
    reviewer = models.ForeignKey(
        "core.User", verbose_name=_("reviewer"), on_delete=models.PROTECT
    )
    label = models.CharField(_("label"), max_length=16, choices=ReviewLabel.choices)
    model_label = models.CharField(_("model's label"), max_length=16)
    is_sample = models.BooleanField(_("from the random sample"), default=False)
    text = models.TextField(_("text"))
    lang = models.CharField(_("language"), max_length=8)
    source = models.CharField(_("source"), max_length=64)
    day = models.DateField(_("day"), db_index=True)
    created_at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "post_id", "reviewer"], name="one_review_each"
            )
        ]
        indexes = [models.Index(fields=["platform", "post_id"])]

    def __str__(self) -> str:
        return f"{self.platform}:{self.post_id} {self.label}"
