"""Authenticated encryption of personal data at rest.

Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`; MultiFernet gives key
rotation: the first key of MARSAD_ENCRYPTION_KEY encrypts, every key listed decrypts,
so an operator can add a new key in front, run `marsad manage rotate_encryption_keys`,
then drop the old one.
"""

import base64
import binascii
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionError(Exception):
    """A stored value cannot be decrypted with any configured key."""


def new_encryption_key() -> str:
    return Fernet.generate_key().decode("ascii")


def check_encryption_keys(value: str) -> str | None:
    """Return what is wrong with a comma-separated list of Fernet keys, or None."""
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if not keys:
        return "no key given"
    for position, key in enumerate(keys, start=1):
        try:
            raw = base64.urlsafe_b64decode(key.encode("ascii"))
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raw = b""
        if len(raw) != 32:
            return (
                f"key {position} is not 32 url-safe base64-encoded bytes; generate one "
                "with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            )
    return None


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode("ascii")) for key in keys])


def cipher() -> MultiFernet:
    """The cipher for the keys configured now (cached per key list)."""
    return _cipher(tuple(settings.MARSAD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return cipher().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise DecryptionError(
            "a stored personal-data value cannot be decrypted with any key in "
            "MARSAD_ENCRYPTION_KEY; was the key replaced without rotation?"
        ) from exc
