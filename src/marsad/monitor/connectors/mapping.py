"""Where each Post field is found in a generic record, and the user's overrides.

Generic JSONL and CSV exports name their fields in many ways; common names are
recognised out of the box, and `--mapping FILE` (TOML) says the rest:

    [fields]
    post_id = "message_id"
    text = "body.content"        # dotted path into nested JSON
    created_at = "sent"

    [defaults]
    platform = "whatsapp"
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ALIASES: dict[str, tuple[str, ...]] = {
    "post_id": ("post_id", "id", "id_str", "message_id"),
    "text": ("text", "full_text", "content", "message", "body"),
    "created_at": (
        "created_at",
        "date",
        "timestamp",
        "time",
        "published_at",
        "datetime",
    ),
    "platform": ("platform", "network"),
    "author_id": ("author_id", "user_id", "from_id"),
    "author_handle": ("author_handle", "author", "username", "screen_name", "handle"),
    "url": ("url", "link", "permalink"),
    "lang": ("lang", "language"),
    "hashtags": ("hashtags",),
    "reply_to_id": ("reply_to_id", "in_reply_to_id", "in_reply_to_status_id"),
    "quote_of_id": ("quote_of_id", "quoted_status_id", "quote_id"),
    "repost_of_id": ("repost_of_id", "retweeted_status_id", "forwarded_from_id"),
    "n_likes": ("n_likes", "likes", "like_count", "favorite_count", "reactions"),
    "n_shares": ("n_shares", "shares", "share_count", "retweet_count", "reposts"),
    "n_replies": ("n_replies", "replies", "reply_count", "comments", "comment_count"),
    "n_views": ("n_views", "views", "view_count", "impressions"),
}
DEFAULT_PLATFORM = "unknown"


class MappingError(ValueError):
    """The mapping file is unreadable or names a field Marsad does not have."""


@dataclass(frozen=True)
class Mapping:
    fields: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)

    def paths_for(self, name: str) -> tuple[str, ...]:
        if name in self.fields:
            return (self.fields[name],)
        return ALIASES[name]


def load_mapping(path: Path | None) -> Mapping:
    if path is None:
        return Mapping()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MappingError(f"{path}: cannot be read ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: is not valid TOML ({exc})") from None
    unknown = set(data) - {"fields", "defaults"}
    fields = {str(k): str(v) for k, v in data.get("fields", {}).items()}
    defaults = {str(k): str(v) for k, v in data.get("defaults", {}).items()}
    bad = sorted((set(fields) | set(defaults)) - set(ALIASES))
    if unknown or bad:
        known = ", ".join(ALIASES)
        raise MappingError(
            f"{path}: unknown {'sections' if unknown else 'fields'} "
            f"{', '.join(sorted(unknown) or bad)}; fields are: {known}"
        )
    return Mapping(fields=fields, defaults=defaults)


def lookup(record: dict[str, Any], mapping: Mapping, name: str) -> Any:
    """Field `name`: the first mapped path found, else the default, else None."""
    for path in mapping.paths_for(name):
        value: Any = record
        for part in path.split("."):
            if not isinstance(value, dict) or part not in value:
                value = None
                break
            value = value[part]
        if value is not None and value != "":
            return value
    return mapping.defaults.get(name)
