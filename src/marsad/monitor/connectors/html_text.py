"""Plain text from the HTML that Mastodon statuses and news feeds carry."""

import html
import re

_BREAKS = re.compile(r"<\s*(br|/p|/div|/li)\s*/?>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def html_to_text(value: str) -> str:
    text = _BREAKS.sub("\n", value)
    return html.unescape(_TAGS.sub("", text)).strip()
