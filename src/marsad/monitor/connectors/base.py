"""The one Post record every connector yields, and what a connector may say instead.

A connector is a generator `parse(path, *, source, mapping) -> Iterator[Post |
Rejected]` (STYLE.md §6). A bad record becomes `Rejected(file, line, reason)` and
the file goes on; a file that cannot be read at all, is empty, or is not the format
asked for raises `FileRejectedError`, and nothing from it is stored. No Django here.
"""

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

MAX_TEXT_CHARS = 100_000  # longer "posts" are documents pasted by mistake


@dataclass(slots=True)
class Post:
    platform: str
    post_id: str
    text: str
    created_at: datetime  # aware, UTC
    source: str = ""
    author_id: str | None = None
    author_handle: str | None = None
    url: str | None = None
    lang: str | None = None  # set by the export when it says; else detected
    hashtags: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    reply_to_id: str | None = None
    quote_of_id: str | None = None
    repost_of_id: str | None = None
    n_likes: int | None = None
    n_shares: int | None = None
    n_replies: int | None = None
    n_views: int | None = None
    raw: str = "{}"  # the record as it was in the file (JSON text), for audit
    near_dup_of: str | None = None  # "platform:post_id" of the first near-copy seen


@dataclass(frozen=True, slots=True)
class Rejected:
    file: str
    line: int | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "reason": self.reason}


class FileRejectedError(Exception):
    """The whole file is refused (unreadable, empty, wrong format); none is stored."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Raised in ingest worker processes and re-raised here: pickle both fields.
        return (FileRejectedError, (self.file, self.reason))


class RecordError(ValueError):
    """One record is unusable; the message says why, in words for the analyst."""


Parsed = Iterator[Post | Rejected]

_OFFSET_NO_COLON = re.compile(r"([+-]\d{2})(\d{2})$")


def parse_datetime(value: Any, *, what: str = "created_at") -> datetime:
    """An aware UTC datetime from ISO 8601 text or a Unix timestamp.

    A time without offset is taken as UTC, which is what exports without an offset
    use in practice. Anything else is a `RecordError` quoting the value.
    """
    if isinstance(value, bool) or value is None or value == "":
        raise RecordError(f"{what} is missing")
    if isinstance(value, datetime):  # API clients hand over parsed times
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC)
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value  # milliseconds
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise RecordError(f"{what} {value!r} is not a valid timestamp") from None
    text = str(value).strip()
    if text.isascii() and text.isdigit():  # "¹".isdigit() is True too
        return parse_datetime(int(text), what=what)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:  # "+0300", as some exports write offsets
            parsed = datetime.fromisoformat(_OFFSET_NO_COLON.sub(r"\1:\2", text))
        except ValueError:
            raise RecordError(f'{what} "{text[:40]}" is not an ISO 8601 date') from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def clean_text(value: Any) -> str:
    if not isinstance(value, str):
        raise RecordError(
            "text is missing" if value is None else "text is not a string"
        )
    text = value.replace("\x00", "").strip()
    if not text:
        raise RecordError("text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise RecordError(f"text is {len(text):,} characters, over {MAX_TEXT_CHARS:,}")
    return text


def clean_id(value: Any, *, what: str = "post id") -> str:
    if isinstance(value, bool) or value is None or (isinstance(value, float)):
        raise RecordError(
            f"{what} is missing" if value is None else f"{what} is not text"
        )
    text = str(value).strip()
    if not text:
        raise RecordError(f"{what} is missing")
    if len(text) > 200:
        raise RecordError(f"{what} is longer than 200 characters")
    return text


def optional_str(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def optional_count(value: Any, *, what: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value).replace(",", "").strip())
    except ValueError:
        raise RecordError(f'{what} "{str(value)[:20]}" is not a whole number') from None
    if number < 0:
        raise RecordError(f"{what} is negative")
    return number


def read_bytes(path: Path) -> bytes:
    """A whole (JSON) export; refuses missing, unreadable, empty or binary files."""
    with open_binary(path) as handle:
        return handle.read()


def check_not_empty_or_binary(path: Path, head: bytes) -> None:
    if not head.strip():
        raise FileRejectedError(str(path), "is empty")
    if b"\x00" in head:
        raise FileRejectedError(str(path), "is a binary file, not a text export")


def open_binary(path: Path) -> BinaryIO:
    """Open a file to stream it, with the same refusals as `read_bytes`."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise FileRejectedError(str(path), "does not exist") from None
    except IsADirectoryError:
        raise FileRejectedError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise FileRejectedError(str(path), f"cannot be read ({exc.strerror})") from None
    head = handle.read(65536)
    handle.seek(0)
    try:
        check_not_empty_or_binary(path, head)
    except FileRejectedError:
        handle.close()
        raise
    return handle


def sniff_encoding(path: Path, head: bytes) -> str:
    """UTF-8 (BOM or not) when the start of the file decodes as such, else Windows-1256.

    Old Arabic CSVs saved by Excel are Windows-1256. A file that turns out not to
    be UTF-8 further on is refused as a whole, never half-read.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the chunk's end
            return "cp1256"
    return "utf-8"
