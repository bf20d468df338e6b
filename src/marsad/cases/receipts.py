"""Receipt codes: how a reporter without an account follows their report.

A code is 100 random bits written in Crockford's base32, in groups of four
(`7KQ2-M9XD-…`): short enough to copy by hand, impossible to guess. Letters that
look alike are read as one (O as 0, I and L as 1), and spaces, dashes and case
are ignored, so a code read out over the phone still works.
"""

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str | None:
    """The code's canonical letters, or None when it cannot be a receipt code."""
    letters = "".join(code.split()).replace("-", "").upper().translate(_LOOKALIKES)
    if len(letters) != LENGTH or any(ch not in ALPHABET for ch in letters):
        return None
    return letters


def digest(code: str) -> str | None:
    """What the database stores and looks up for `code` (None: not a code)."""
    letters = normalise(code)
    if letters is None:
        return None
    return hashlib.sha256(letters.encode("ascii")).hexdigest()
