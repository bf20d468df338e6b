"""Typed readers for environment variables.

Each reader fails loudly with `ImproperlyConfigured` naming the variable and what to
set, so that a typo never silently falls back to a default (STYLE.md §5). This module
imports no Django settings: `settings.py` calls it while it is being built.
"""

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_str(name: str, default: str) -> str:
    """The variable, or `default` when unset; an empty value is an error."""
    value = os.environ.get(name)
    if value is None:
        return default
    if not value.strip():
        raise ImproperlyConfigured(f"{name} is set but empty: unset it or give a value")
    return value.strip()


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"Unexpected value {name}={value!r}, use 'true' or 'false'"
    )


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"Unexpected value {name}={value!r}, use a whole number"
        ) from None
    if number < minimum:
        raise ImproperlyConfigured(
            f"{name}={number} is too small, use {minimum} or more"
        )
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(
            f"{name} is set but lists nothing: unset it or give values"
        )
    return items


def env_secret(
    name: str,
    *,
    stored_in: Path,
    generate: Callable[[], str],
    validate: Callable[[str], str | None],
) -> str:
    """Read a secret from NAME, from the file named by NAME_FILE, or from `stored_in`.

    When none is set, a new secret is generated and written to `stored_in` (mode 0600)
    so that a laptop install works on first run and keeps its key across restarts.
    `validate` returns an error text for a malformed value; that stops start-up.
    """
    value = os.environ.get(name)
    origin = name
    file_name = os.environ.get(f"{name}_FILE")
    if value is None and file_name:
        origin = f"{name}_FILE ({file_name})"
        try:
            value = Path(file_name).read_text(encoding="utf-8")
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE={file_name!r} cannot be read: {exc.strerror}"
            ) from None
    if value is None and stored_in.exists():
        origin = str(stored_in)
        value = stored_in.read_text(encoding="utf-8")
    if value is None:
        return _store_new_secret(stored_in, generate())
    value = value.strip()
    problem = validate(value)
    if problem:
        raise ImproperlyConfigured(f"{origin} is malformed: {problem}")
    return value


def _store_new_secret(path: Path, value: str) -> str:
    """Write a new secret, owner-only; if another process won the race, use theirs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def check_secret_key(value: str) -> str | None:
    if len(value) < 32:
        return (
            "use at least 32 random characters (for example: openssl rand -base64 48)"
        )
    return None


def env_choice(name: str, default: str, choices: list[str]) -> str:
    value = env_str(name, default)
    if value not in choices:
        allowed = ", ".join(repr(choice) for choice in choices)
        raise ImproperlyConfigured(
            f"Unexpected value {name}={value!r}, use one of {allowed}"
        )
    return value


def env_thresholds(name: str) -> dict[str, tuple[float, float]]:
    """Per-language decision thresholds: "he=0.30:0.40,ar=0.45:0.50".

    For each language, the score from which a post counts as abusive, and the
    share of that score which makes it hate rather than offensive (both 0-1).
    """
    value = env_str(name, "")
    thresholds = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        lang, _, pair = item.partition("=")
        first, _, second = pair.partition(":")
        try:
            limits = (float(first), float(second))
        except ValueError:
            limits = (-1.0, -1.0)
        if not lang.strip() or not all(0 <= x <= 1 for x in limits):
            raise ImproperlyConfigured(
                f"Unexpected value {name}={value!r}: write lang=abusive:share pairs "
                "with numbers from 0 to 1, e.g. he=0.30:0.40,ar=0.45:0.50"
            )
        thresholds[lang.strip()] = limits
    return thresholds
