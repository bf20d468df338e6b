from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    MASTODON = "mastodon", _("Mastodon hashtag")
    BLUESKY = "bluesky", _("Bluesky search")


class ReviewLabel(models.TextChoices):
    HATE = "hate", _("Hate")
    INCITEMENT = "incitement", _("Incitement")
    OFFENSIVE = "offensive", _("Offensive")
    NONE = "none", _("Not hateful")
