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
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)

    def paths_for(self, name: str) -> tuple[str, ...]:
        return self.fields.get(name) or ALIASES[name]


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
    fields: dict[str, tuple[str, ...]] = {
        str(k): (str(v),) for k, v in data.get("fields", {}).items()
    }
    defaults = {str(k): str(v) for k, v in data.get("defaults", {}).items()}
    bad = sorted((set(fields) | set(defaults)) - set(ALIASES))
    if unknown or bad:
        known = ", ".join(ALIASES)
        raise MappingError(
            f"{path}: unknown {'sections' if unknown else 'fields'} "
            f"{', '.join(sorted(unknown) or bad)}; fields are: {known}"
        )
    return Mapping(fields=fields, defaults=defaults)


class Resolver:
    """Looks fields up fast: where each field sits is worked out once per key set.

    Records of one export share their keys, so the plan (which alias or path each
    field uses) is cached by the record's keys and reused for every record.
    """

    def __init__(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self._plans: dict[tuple[str, ...], dict[str, list[list[str]]]] = {}

    def plan(self, record: dict[str, Any]) -> dict[str, list[list[str]]]:
        keys = tuple(record)
        plan = self._plans.get(keys)
        if plan is None:
            present = set(keys)
            candidates = {
                name: [
                    # A flat column may itself be called "a.b" (Meta's CSVs are).
                    [path] if path in present else path.split(".")
                    for path in self.mapping.paths_for(name)
                    if path in present or path.split(".", 1)[0] in present
                ]
                for name in ALIASES
            }
            plan = {name: paths for name, paths in candidates.items() if paths}
            if len(self._plans) < 1024:
                self._plans[keys] = plan
        return plan

    def values(self, record: dict[str, Any]) -> dict[str, Any]:
        """The value of each field the record has, with defaults for the others.

        Fields in `ALIASES` order; absent or empty fields are left out.
        """
        found: dict[str, Any] = dict(self.mapping.defaults)
        for name, paths in self.plan(record).items():
            for parts in paths:
                if len(parts) == 1:  # the common case: a top-level key
                    value = record[parts[0]]
                else:
                    value = record
                    for part in parts:
                        value = value.get(part) if isinstance(value, dict) else None
                if value is not None and value != "":
                    found[name] = value
                    break
        return found
