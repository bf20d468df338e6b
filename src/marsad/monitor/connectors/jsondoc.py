"""Shared reading of whole-document JSON exports (X archive, Telegram, YouTube...).

Such files hold a list of records inside one JSON document, so a bad record has no
line of its own: `Rejected.line` is then the record's position (1 = first record),
and the reason names its id where it has one.
"""

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from marsad.monitor.connectors.base import (
    FileRejectedError,
    Parsed,
    Post,
    RecordError,
    Rejected,
    read_bytes,
)


def load(path: Path, *, strip_prefix: bytes = b"") -> Any:
    """The file's JSON document; a JSON Lines file of documents gives a list of them."""
    data = read_bytes(path).removeprefix(b"\xef\xbb\xbf").strip()
    if strip_prefix:
        if not data.startswith(strip_prefix):
            raise FileRejectedError(
                str(path), f"does not start with {strip_prefix.decode()}"
            )
        data = data.split(b"=", 1)[1].strip() if b"=" in data else b""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    try:  # several pages saved one per line
        return [orjson.loads(line) for line in data.splitlines() if line.strip()]
    except orjson.JSONDecodeError as exc:
        raise FileRejectedError(str(path), f"is not valid JSON ({exc.msg})") from None


def records(
    where: Path | str,
    items: Iterable[Any],
    *,
    source: str,
    convert: Callable[[Any], Post | None],
) -> Parsed:
    """Convert each item; None means "not a post" (a service message) and is skipped.

    `where` names the file (or API query) in rejections.
    """
    name = str(where)
    for position, item in enumerate(items, start=1):
        try:
            post = convert(item)
        except RecordError as exc:
            yield Rejected(name, position, f"{_label(item)}{exc}")
            continue
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            yield Rejected(
                name, position, f"{_label(item)}has an unexpected shape ({exc!r})"
            )
            continue
        if post is not None:
            post.source = source
            if not post.raw or post.raw == "{}":
                post.raw = orjson.dumps(item).decode()
            yield post


def _label(item: Any) -> str:
    if isinstance(item, dict):
        for key in ("id_str", "id", "uri"):
            if isinstance(item.get(key), str | int):
                return f"record {item[key]}: "
    return ""


def require_list(path: Path, value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise FileRejectedError(str(path), f"has no list of {what}")
    return value


def as_list(value: Any) -> list[Any]:
    """A list as it is; any other value once, so that it is rejected as a record."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def mapping_of(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def pages(document: Any) -> Iterator[dict[str, Any]]:
    """API responses saved one per file, as a list, or one per line."""
    if isinstance(document, dict):
        yield document
    elif isinstance(document, list):
        yield from (page for page in document if isinstance(page, dict))
