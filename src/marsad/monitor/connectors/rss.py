"""`rss`: RSS or Atom news feeds, read with feedparser.

Where from: any news site's feed (often `/feed`, `/rss` or `/atom.xml`), saved to
a file. Title and summary together are the post's text; the entry's link or id is
its id; the feed's host is the author.
"""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import orjson

from marsad.monitor.connectors.base import (
    FileRejectedError,
    Parsed,
    Post,
    RecordError,
    Rejected,
    clean_id,
    clean_text,
    optional_str,
    read_bytes,
)
from marsad.monitor.connectors.html_text import html_to_text
from marsad.monitor.connectors.mapping import Mapping

FORMAT = "rss"


def _when(entry: Any) -> datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        raise RecordError("has no publication date")
    year, month, day, hour, minute, second = parsed[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def _post(entry: Any, site: str | None) -> Post:
    title = html_to_text(entry.get("title", ""))
    summary = html_to_text(entry.get("summary", ""))
    text = f"{title}\n{summary}".strip() if summary and summary != title else title
    link = optional_str(entry.get("link"))
    return Post(
        platform="news",
        post_id=clean_id(entry.get("id") or link, what="entry id"),
        text=clean_text(text),
        created_at=_when(entry),
        author_id=site,
        author_handle=optional_str(entry.get("author")) or site,
        url=link,
        hashtags=[t["term"] for t in entry.get("tags") or [] if t.get("term")],
        raw=orjson.dumps(
            {k: entry.get(k) for k in ("id", "link", "title", "summary", "published")},
            default=str,
        ).decode(),
    )


def parse(path: Path, *, source: str, mapping: Mapping | None = None) -> Parsed:
    import feedparser

    feed = feedparser.parse(read_bytes(path))
    if not feed.get("version"):  # feedparser names the dialect of any real feed
        raise FileRejectedError(str(path), "is not an RSS or Atom feed")
    link = feed.feed.get("link") or ""
    site = urlparse(link).hostname or optional_str(feed.feed.get("title"))
    for position, entry in enumerate(feed.entries, start=1):
        try:
            post = _post(entry, site)
        except RecordError as exc:
            yield Rejected(str(path), position, str(exc))
            continue
        post.source = source
        yield post
