"""Database configuration: the one place that knows which engines need what.

STYLE.md §5 keeps every `vendor == "sqlite"` test here, so the rest of the code is
written once for SQLite and PostgreSQL alike.
"""

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SUPPORTED_ENGINES = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgresql",
}
EXAMPLE = (
    "postgres://user:password@host:5432/marsad or sqlite:////path/to/marsad.sqlite3"
)


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'marsad.sqlite3'}"


def database_from_url(url: str) -> dict[str, Any]:
    """Parse DATABASE_URL into Django's DATABASES entry, refusing what we do not run on.

    SQLite gets WAL (readers do not block the writer, so the web app stays responsive
    while a pipeline writes) and IMMEDIATE transactions (no "database is locked"
    surprises when a read transaction later writes).
    """
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is malformed ({exc}); set it like {EXAMPLE}"
        ) from None
    engine = config.get("ENGINE", "")
    if engine not in SUPPORTED_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL uses an unsupported database ({engine or url!r}); "
            f"Marsad runs on SQLite or PostgreSQL, e.g. {EXAMPLE}"
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(
            f"DATABASE_URL names no database; set it like {EXAMPLE}"
        )
    if is_sqlite(config):
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


def is_sqlite(config: dict[str, Any]) -> bool:
    return SUPPORTED_ENGINES.get(config.get("ENGINE", "")) == "sqlite"
