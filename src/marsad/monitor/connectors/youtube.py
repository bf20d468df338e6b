"""`youtube`: YouTube Data API `commentThreads.list` responses saved as JSON.

Where from: `GET https://www.googleapis.com/youtube/v3/commentThreads?part=snippet,
replies&videoId=…` (the API Explorer, or a script), one page per file, a list of
pages, or one page per line. Top-level comments and the replies included in each
thread become posts; replies point to their parent comment.
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

FORMAT = "youtube"


def _comment(comment: dict[str, Any]) -> Post:
    snippet = comment.get("snippet") or {}
    comment_id = clean_id(comment.get("id"), what="comment id")
    video_id = optional_str(snippet.get("videoId"))
    channel = (snippet.get("authorChannelId") or {}).get("value")
    return Post(
        platform="youtube",
        post_id=comment_id,
        text=clean_text(snippet.get("textOriginal") or snippet.get("textDisplay")),
        created_at=parse_datetime(snippet.get("publishedAt"), what="publishedAt"),
        author_id=optional_str(channel),
        author_handle=optional_str(snippet.get("authorDisplayName")),
        url=f"https://www.youtube.com/watch?v={video_id}&lc={comment_id}"
        if video_id
        else None,
        reply_to_id=optional_str(snippet.get("parentId")),
        n_likes=optional_count(snippet.get("likeCount"), what="likeCount"),
    )


def _comments(pages: Iterator[dict[str, Any]]) -> Iterator[Any]:
    """Top-level comments and replies; a malformed thread is passed on, rejected."""
    for page in pages:
        for thread in jsondoc.as_list(page.get("items")):
            if not isinstance(thread, dict):
                yield thread
                continue
            top = jsondoc.mapping_of(thread.get("snippet")).get("topLevelComment")
            if top:
                yield top
            replies = jsondoc.mapping_of(thread.get("replies")).get("comments")
            yield from jsondoc.as_list(replies)


def parse(path: Path, *, source: str, mapping: Mapping | None = None) -> Parsed:
    pages = list(jsondoc.pages(jsondoc.load(path)))
    if not any(
        str(p.get("kind", "")).startswith("youtube#commentThread") for p in pages
    ):
        raise FileRejectedError(str(path), "is not a YouTube commentThreads response")
    yield from jsondoc.records(
        path, _comments(iter(pages)), source=source, convert=_comment
    )
