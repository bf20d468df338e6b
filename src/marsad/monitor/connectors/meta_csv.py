"""`meta-csv`: Facebook and Instagram posts from Meta Content Library or CrowdTangle.

Where from: Meta Content Library (researcher access) → export posts as CSV; or an
old CrowdTangle "Historical data" CSV export. Both are understood: CrowdTangle's
"Post Created" times carry a zone name (`2021-05-15 14:03:12 EDT`), which is turned
into an offset; the platform (facebook or instagram) is read from the post's URL.
"""

import re
from pathlib import Path

from marsad.monitor.connectors import csv as csv_connector
from marsad.monitor.connectors.base import Parsed
from marsad.monitor.connectors.mapping import Mapping

FORMAT = "meta-csv"

META_FIELDS: dict[str, tuple[str, ...]] = {
    "post_id": ("id", "post id", "url"),
    "text": ("message", "text", "description", "image text", "title"),
    "created_at": ("creation_time", "post created"),
    "author_id": ("post_owner.id", "facebook id", "user name"),
    "author_handle": (
        "post_owner.username",
        "post_owner.name",
        "user name",
        "page name",
        "account",
    ),
    "url": ("url", "post url", "link"),
    "n_likes": ("statistics.reaction_count", "likes"),
    "n_shares": ("statistics.share_count", "shares"),
    "n_replies": ("statistics.comment_count", "comments"),
    "n_views": ("statistics.views", "post views", "views"),
    "platform": ("platform",),
}
ZONES = {
    "UTC": "+00:00",
    "GMT": "+00:00",
    "EDT": "-04:00",
    "EST": "-05:00",
    "CDT": "-05:00",
    "CST": "-06:00",
    "MDT": "-06:00",
    "MST": "-07:00",
    "PDT": "-07:00",
    "PST": "-08:00",
    "IDT": "+03:00",
    "EEST": "+03:00",
    "EET": "+02:00",
    "CEST": "+02:00",
    "CET": "+01:00",
    "BST": "+01:00",
}
_ZONE = re.compile(r"\s+([A-Z]{3,4})$")


def prepare(row: dict[str, str]) -> dict[str, str]:
    created = row.get("post created")
    if created:
        match = _ZONE.search(created)
        if match and match.group(1) in ZONES:
            row["post created"] = created[: match.start()] + ZONES[match.group(1)]
    url = (row.get("url") or row.get("post url") or "").lower()
    row.setdefault("platform", "instagram" if "instagram.com" in url else "facebook")
    return row


def parse(path: Path, *, source: str, mapping: Mapping | None = None) -> Parsed:
    given = mapping or Mapping()
    merged = Mapping(fields={**META_FIELDS, **given.fields}, defaults=given.defaults)
    yield from csv_connector.parse(path, source=source, mapping=merged, prepare=prepare)
