"""Turn one generic record (a JSON object or a CSV row) into a Post."""

from typing import Any

from marsad.monitor.connectors.base import (
    Post,
    RecordError,
    clean_id,
    clean_text,
    optional_count,
    optional_str,
    parse_datetime,
)
from marsad.monitor.connectors.mapping import DEFAULT_PLATFORM, Resolver

_COUNTS = frozenset({"n_likes", "n_shares", "n_replies", "n_views"})
_OPTIONAL_TEXT = frozenset(
    {
        "author_id",
        "author_handle",
        "url",
        "lang",
        "reply_to_id",
        "quote_of_id",
        "repost_of_id",
    }
)


def _hashtags(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list):
        raise RecordError("hashtags is neither a list nor text")
    return [str(tag).lstrip("#") for tag in value if str(tag).strip("# ")]


def post_from_record(record: Any, resolver: Resolver, *, raw: str) -> Post:
    """The Post of one record; `RecordError` says what is wrong with it.

    Runs once per post of every generic export: fields absent from the record
    cost nothing (the resolver returns only those it found).
    """
    if not isinstance(record, dict):
        raise RecordError(f"is a JSON {type(record).__name__}, not an object")
    found = resolver.values(record)
    platform = optional_str(found.get("platform"))
    post = Post(
        platform=platform.lower() if platform else DEFAULT_PLATFORM,
        post_id=clean_id(found.get("post_id")),
        text=clean_text(found.get("text")),
        created_at=parse_datetime(found.get("created_at")),
        raw=raw,
    )
    for name, value in found.items():
        if name in _OPTIONAL_TEXT:
            setattr(post, name, optional_str(value))
        elif name in _COUNTS:
            setattr(post, name, optional_count(value, what=name.removeprefix("n_")))
        elif name == "hashtags":
            post.hashtags = _hashtags(value)
    return post
