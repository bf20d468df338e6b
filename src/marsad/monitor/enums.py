from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    MASTODON = "mastodon", _("Mastodon hashtag")
    BLUESKY = "bluesky", _("Bluesky search")
