"""`mastodon`: Mastodon API statuses saved as JSON (a list of Status objects).

Where from: `GET /api/v1/timelines/tag/:hashtag`, `/api/v1/accounts/:id/statuses`
or search results saved from any instance (one list per file or per line). Boosts
are stored as the boosted status, marked as a repost.
"""

from pathlib import Path
from typing import Any

from marsad.monitor.connectors import jsondoc
from marsad.monitor.connectors.base import (
    FileRejectedError,
    Parsed,
    Post,
    clean_id,
    clean_text,
    optional_count,
    optional_str,
    parse_datetime,
)
from marsad.monitor.connectors.html_text import html_to_text
from marsad.monitor.connectors.mapping import Mapping

FORMAT = "mastodon"


def status_to_post(status: dict[str, Any]) -> Post:
    shown = status.get("reblog") or status
    account = shown.get("account") or {}
    post = Post(
        platform="mastodon",
        # Ids are per instance; the URI is the status's global name.
        post_id=clean_id(shown.get("uri") or shown.get("url") or shown.get("id")),
        text=clean_text(html_to_text(str(shown.get("content") or ""))),
        created_at=parse_datetime(shown.get("created_at")),
        author_id=optional_str(account.get("url") or account.get("id")),
        author_handle=optional_str(account.get("acct")),
        url=optional_str(shown.get("url")),
        lang=optional_str(shown.get("language")),
        hashtags=[t["name"] for t in shown.get("tags") or [] if t.get("name")],
        mentions=[m["acct"] for m in shown.get("mentions") or [] if m.get("acct")],
        reply_to_id=optional_str(shown.get("in_reply_to_id")),
        n_likes=optional_count(shown.get("favourites_count"), what="favourites_count"),
        n_shares=optional_count(shown.get("reblogs_count"), what="reblogs_count"),
        n_replies=optional_count(shown.get("replies_count"), what="replies_count"),
    )
    if status.get("reblog"):
        post.repost_of_id = optional_str(shown.get("uri"))
    return post


def parse(path: Path, *, source: str, mapping: Mapping | None = None) -> Parsed:
    document = jsondoc.load(path)
    statuses = document if isinstance(document, list) else [document]
    flat = [
        s for item in statuses for s in (item if isinstance(item, list) else [item])
    ]
    if not flat or not all(isinstance(s, dict) and "content" in s for s in flat[:5]):
        raise FileRejectedError(str(path), "is not a list of Mastodon statuses")
    yield from jsondoc.records(path, flat, source=source, convert=status_to_post)
