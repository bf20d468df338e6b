"""`bluesky`: Bluesky (AT Protocol) API responses saved as JSON.

Where from: `app.bsky.feed.searchPosts` (`{"posts": [...]}`) or
`app.bsky.feed.getAuthorFeed` (`{"feed": [{"post": ...}]}`) responses, one per
file, a list of them, or one per line. The post's `at://` URI is its id.
"""

from collections.abc import Iterator
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
from marsad.monitor.connectors.mapping import Mapping

FORMAT = "bluesky"


def view_to_post(view: dict[str, Any]) -> Post:
    record = view.get("record") or {}
    author = view.get("author") or {}
    uri = clean_id(view.get("uri"), what="uri")
    handle = optional_str(author.get("handle"))
    rkey = uri.rsplit("/", 1)[-1]
    tags, links = [], []
    for facet in record.get("facets") or []:
        for feature in facet.get("features") or []:
            if feature.get("tag"):
                tags.append(feature["tag"])
            if feature.get("uri"):
                links.append(feature["uri"])
    langs = record.get("langs") or []
    embed = record.get("embed") or {}
    return Post(
        platform="bluesky",
        post_id=uri,
        text=clean_text(record.get("text")),
        created_at=parse_datetime(record.get("createdAt") or view.get("indexedAt")),
        author_id=optional_str(author.get("did")),
        author_handle=handle,
        url=f"https://bsky.app/profile/{handle}/post/{rkey}" if handle else None,
        lang=optional_str(langs[0]) if langs else None,
        hashtags=tags,
        urls=links,
        reply_to_id=optional_str(
            ((record.get("reply") or {}).get("parent") or {}).get("uri")
        ),
        quote_of_id=optional_str((embed.get("record") or {}).get("uri")),
        n_likes=optional_count(view.get("likeCount"), what="likeCount"),
        n_shares=optional_count(view.get("repostCount"), what="repostCount"),
        n_replies=optional_count(view.get("replyCount"), what="replyCount"),
    )


def _views(pages: Iterator[dict[str, Any]]) -> Iterator[Any]:
    """Post views of search results and feeds; a malformed item is passed on as is,
    to be rejected with its position."""
    for page in pages:
        yield from jsondoc.as_list(page.get("posts"))
        for item in jsondoc.as_list(page.get("feed")):
            yield item.get("post", item) if isinstance(item, dict) else item


def parse(path: Path, *, source: str, mapping: Mapping | None = None) -> Parsed:
    pages = list(jsondoc.pages(jsondoc.load(path)))
    if not any("posts" in p or "feed" in p for p in pages):
        raise FileRejectedError(
            str(path), "is not a Bluesky searchPosts or feed response"
        )
    yield from jsondoc.records(
        path, _views(iter(pages)), source=source, convert=view_to_post
    )
