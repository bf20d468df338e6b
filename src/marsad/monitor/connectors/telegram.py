"""`telegram`: a channel or group exported by Telegram Desktop (`result.json`).

Where from: Telegram Desktop → the channel → ⋮ → Export chat history → format
"Machine-readable JSON". `text` is a string, or a list mixing strings and entity
objects (`{"type": "hashtag", "text": "#..."}`); both are read. Times come from
`date_unixtime` (UTC); `date` alone is the exporting computer's local time.
"""

from pathlib import Path
from typing import Any

from marsad.monitor.connectors import jsondoc
from marsad.monitor.connectors.base import (
    FileRejectedError,
    Parsed,
    Post,
    RecordError,
    clean_id,
    optional_str,
    parse_datetime,
)
from marsad.monitor.connectors.mapping import Mapping

FORMAT = "telegram"


def flatten_text(value: Any) -> tuple[str, list[str], list[str]]:
    """Plain text, hashtags and links of a Telegram `text` value."""
    if isinstance(value, str):
        return value, [], []
    if not isinstance(value, list):
        raise RecordError("text is neither text nor a list of entities")
    parts, tags, links = [], [], []
    for piece in value:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, dict):
            text = str(piece.get("text", ""))
            parts.append(text)
            if piece.get("type") == "hashtag":
                tags.append(text.lstrip("#"))
            elif piece.get("type") in {"link", "text_link"}:
                links.append(str(piece.get("href") or text))
    return "".join(parts), tags, links


def _post(message: Any, channel_id: str, channel_name: str | None) -> Post | None:
    if message.get("type") != "message":
        return None  # joins, pins, title changes: not posts
    text, tags, links = flatten_text(message.get("text", ""))
    if not text.strip():
        raise RecordError("has no text (media only)")
    message_id = clean_id(message.get("id"), what="message id")
    reactions = message.get("reactions") or []
    created = message.get("date_unixtime") or message.get("date")
    return Post(
        platform="telegram",
        post_id=f"{channel_id}/{message_id}",
        text=text.strip(),
        created_at=parse_datetime(created, what="date"),
        author_id=optional_str(message.get("from_id")),
        author_handle=optional_str(message.get("from")) or channel_name,
        hashtags=tags,
        urls=links,
        reply_to_id=optional_str(message.get("reply_to_message_id")),
        repost_of_id=optional_str(message.get("forwarded_from")),
        n_likes=sum(int(r.get("count", 0)) for r in reactions if isinstance(r, dict))
        or None,
    )


def parse(path: Path, *, source: str, mapping: Mapping | None = None) -> Parsed:
    document = jsondoc.load(path)
    if not isinstance(document, dict) or "messages" not in document:
        raise FileRejectedError(str(path), "is not a Telegram export (no 'messages')")
    channel_id = str(document.get("id", "unknown"))
    channel_name = optional_str(document.get("name"))
    messages = jsondoc.require_list(path, document["messages"], "messages")
    yield from jsondoc.records(
        path,
        messages,
        source=source,
        convert=lambda m: _post(m, channel_id, channel_name),
    )
