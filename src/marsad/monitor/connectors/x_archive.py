"""`x-archive`: `data/tweets.js` from the archive an X (Twitter) user downloads.

Where from: Settings → Your account → Download an archive of your data; the zip has
`data/tweets.js` (`window.YTD.tweets.part0 = [{"tweet": {...}}, ...]`). The archive
is one account's: its handle is not in tweets.js, so set `author_handle` in the
mapping file's `[defaults]` if you want it on every post. Retweets keep their
"RT @handle:" text; the archive does not give the original tweet's id.
"""

import html
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from marsad.monitor.connectors import jsondoc
from marsad.monitor.connectors.base import (
    Parsed,
    Post,
    RecordError,
    clean_id,
    clean_text,
    optional_count,
    optional_str,
)
from marsad.monitor.connectors.mapping import Mapping

FORMAT = "x-archive"
TWITTER_DATE = "%a %b %d %H:%M:%S %z %Y"


def twitter_datetime(value: Any) -> datetime:
    try:
        return datetime.strptime(str(value), TWITTER_DATE).astimezone(UTC)
    except ValueError:
        raise RecordError(f'created_at "{str(value)[:40]}" is not an X date') from None


def _post(item: Any, defaults: dict[str, str]) -> Post:
    tweet = item.get("tweet", item)
    entities = tweet.get("entities") or {}
    post_id = clean_id(tweet.get("id_str") or tweet.get("id"))
    # X escapes &, < and > in tweet text; the archive keeps the escapes.
    text = html.unescape(clean_text(tweet.get("full_text") or tweet.get("text")))
    handle = defaults.get("author_handle")
    return Post(
        platform="x",
        post_id=post_id,
        text=text,
        created_at=twitter_datetime(tweet.get("created_at")),
        author_id=defaults.get("author_id"),
        author_handle=handle,
        url=f"https://x.com/{handle or 'i/web'}/status/{post_id}",
        lang=optional_str(tweet.get("lang")),
        hashtags=[h["text"] for h in entities.get("hashtags", []) if h.get("text")],
        mentions=[m["screen_name"] for m in entities.get("user_mentions", [])],
        urls=[
            u["expanded_url"] for u in entities.get("urls", []) if u.get("expanded_url")
        ],
        reply_to_id=optional_str(tweet.get("in_reply_to_status_id_str")),
        n_likes=optional_count(tweet.get("favorite_count"), what="favorite_count"),
        n_shares=optional_count(tweet.get("retweet_count"), what="retweet_count"),
    )


def parse(path: Path, *, source: str, mapping: Mapping | None = None) -> Parsed:
    defaults = (mapping or Mapping()).defaults
    document = jsondoc.load(path, strip_prefix=b"window.YTD.")
    items = jsondoc.require_list(path, document, "tweets")
    yield from jsondoc.records(
        path, items, source=source, convert=lambda i: _post(i, defaults)
    )
