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

_COUNTS = ("n_likes", "n_shares", "n_replies", "n_views")


def _hashtags(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list):
        raise RecordError("hashtags is neither a list nor text")
    return [str(tag).lstrip("#") for tag in value if str(tag).strip("# ")]


def post_from_record(record: Any, resolver: Resolver, *, raw: str) -> Post:
    if not isinstance(record, dict):
        raise RecordError(f"is a JSON {type(record).__name__}, not an object")
    get = resolver.values(record)
    post = Post(
        platform=(optional_str(get["platform"]) or DEFAULT_PLATFORM).lower(),
        post_id=clean_id(get["post_id"]),
        text=clean_text(get["text"]),
        created_at=parse_datetime(get["created_at"]),
        author_id=optional_str(get["author_id"]),
        author_handle=optional_str(get["author_handle"]),
        url=optional_str(get["url"]),
        lang=optional_str(get["lang"]),
        hashtags=_hashtags(get["hashtags"]),
        reply_to_id=optional_str(get["reply_to_id"]),
        quote_of_id=optional_str(get["quote_of_id"]),
        repost_of_id=optional_str(get["repost_of_id"]),
        raw=raw,
    )
    for name in _COUNTS:
        value = get[name]
        if value is not None:
            setattr(post, name, optional_count(value, what=name.removeprefix("n_")))
    return post
