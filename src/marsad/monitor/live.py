"""Live collection from public APIs: Mastodon (Mastodon.py) and Bluesky (atproto).

Each fetcher returns the new posts since the saved state and the state to save
next, so polling never re-reads what it already has (the lake's idempotence is the
second guard). Network errors become `FetchError` with the source and the reason.
Imports no Django; `marsad.monitor.services.fetch_source` supplies settings.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from marsad.monitor.connectors import jsondoc
from marsad.monitor.connectors.base import Post, Rejected
from marsad.monitor.connectors.bluesky import view_to_post
from marsad.monitor.connectors.mastodon import status_to_post

MAX_PAGES = 10


class FetchError(Exception):
    """The API could not be read; nothing from this fetch is stored."""


@dataclass
class Fetched:
    items: list[Post | Rejected]
    state: dict[str, Any] = field(default_factory=dict)


def _plain(value: Any) -> Any:
    """API client objects (with datetimes) as plain JSON values."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


def fetch_mastodon(
    *,
    base_url: str,
    hashtag: str,
    state: dict[str, Any],
    access_token: str | None = None,
) -> Fetched:
    """Statuses with `hashtag` newer than `state["since_id"]`, up to MAX_PAGES pages."""
    from mastodon import Mastodon, MastodonError

    api = Mastodon(
        api_base_url=base_url,
        access_token=access_token or None,
        version_check_mode="none",
        request_timeout=30,
    )
    since_id = state.get("since_id")
    statuses: list[dict[str, Any]] = []
    try:
        page = api.timeline_hashtag(hashtag.lstrip("#"), since_id=since_id, limit=40)
        for _ in range(MAX_PAGES):
            if not page:
                break
            statuses.extend(_plain(status) for status in page)
            page = api.fetch_next(page)
    except MastodonError as exc:
        raise FetchError(f"{base_url}: {exc}") from None
    newest = max((int(s["id"]) for s in statuses), default=None)
    next_state = {"since_id": str(newest) if newest is not None else since_id}
    where = f"{base_url} #{hashtag.lstrip('#')}"
    items = list(jsondoc.records(where, statuses, source="", convert=status_to_post))
    return Fetched(items, next_state)


def fetch_bluesky(*, base_url: str, query: str, state: dict[str, Any]) -> Fetched:
    """Posts matching `query` created after `state["since"]`, newest first."""
    from atproto import Client
    from atproto_client.exceptions import AtProtocolError

    client = Client(base_url=base_url)
    since = state.get("since")
    views: list[dict[str, Any]] = []
    cursor = None
    try:
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {"q": query, "limit": 100, "sort": "latest"}
            if since:
                params["since"] = since
            if cursor:
                params["cursor"] = cursor
            response = client.app.bsky.feed.search_posts(params=params)
            views.extend(
                p.model_dump(mode="json", by_alias=True) for p in response.posts
            )
            cursor = response.cursor
            if not cursor or not response.posts:
                break
    except AtProtocolError as exc:
        raise FetchError(f"{base_url}: {exc.__class__.__name__} {exc}") from None
    created = [v.get("record", {}).get("createdAt") for v in views]
    newest = max((c for c in created if isinstance(c, str)), default=since)
    where = f"{base_url} {query}"
    items = list(jsondoc.records(where, views, source="", convert=view_to_post))
    return Fetched(items, {"since": newest})
