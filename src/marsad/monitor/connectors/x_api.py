"""`x-api`: X API v2 search or timeline responses saved as JSON.

Where from: responses of `GET /2/tweets/search/recent` (or `/all`, or a user
timeline) with `expansions=author_id` and `tweet.fields=created_at,lang,
public_metrics,entities,referenced_tweets`, saved one page per file, as a list of
pages, or one page per line. Authors come from `includes.users`.
"""

import html
from functools import partial
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

FORMAT = "x-api"
REFERENCE_FIELDS = {
    "replied_to": "reply_to_id",
    "quoted": "quote_of_id",
    "retweeted": "repost_of_id",
}


def _post(tweet: dict[str, Any], users: dict[str, dict[str, Any]]) -> Post:
    post_id = clean_id(tweet.get("id"))
    author_id = optional_str(tweet.get("author_id"))
    handle = optional_str(users.get(author_id or "", {}).get("username"))
    metrics = tweet.get("public_metrics") or {}
    entities = tweet.get("entities") or {}
    post = Post(
        platform="x",
        post_id=post_id,
        text=html.unescape(clean_text(tweet.get("text"))),  # X escapes &, <, >
        created_at=parse_datetime(tweet.get("created_at")),
        author_id=author_id,
        author_handle=handle,
        url=f"https://x.com/{handle or 'i/web'}/status/{post_id}",
        lang=optional_str(tweet.get("lang")),
        hashtags=[h["tag"] for h in entities.get("hashtags", []) if h.get("tag")],
        mentions=[
            m["username"] for m in entities.get("mentions", []) if m.get("username")
        ],
        urls=[
            u["expanded_url"] for u in entities.get("urls", []) if u.get("expanded_url")
        ],
        n_likes=optional_count(metrics.get("like_count"), what="like_count"),
        n_shares=optional_count(metrics.get("retweet_count"), what="retweet_count"),
        n_replies=optional_count(metrics.get("reply_count"), what="reply_count"),
        n_views=optional_count(
            metrics.get("impression_count"), what="impression_count"
        ),
    )
    for reference in tweet.get("referenced_tweets") or []:
        field = REFERENCE_FIELDS.get(reference.get("type"))
        if field:
            setattr(post, field, optional_str(reference.get("id")))
    return post


def parse(path: Path, *, source: str, mapping: Mapping | None = None) -> Parsed:
    found_page = False
    for page in jsondoc.pages(jsondoc.load(path)):
        if "data" not in page and "meta" not in page:
            continue
        found_page = True
        includes = jsondoc.mapping_of(page.get("includes"))
        users = {
            str(u.get("id")): u
            for u in jsondoc.as_list(includes.get("users"))
            if isinstance(u, dict)
        }
        tweets = jsondoc.as_list(page.get("data"))
        yield from jsondoc.records(
            path, tweets, source=source, convert=partial(_post, users=users)
        )
    if not found_page:
        raise FileRejectedError(str(path), "has no X API page (no 'data' or 'meta')")
