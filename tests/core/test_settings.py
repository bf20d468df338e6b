"""Start-up configuration: bad values stop `marsad` with one line naming what to set."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from marsad.core.db import database_from_url
from marsad.core.env import check_secret_key, env_bool, env_secret

pytestmark = [pytest.mark.unit]

MARSAD = [sys.executable, "-m", "marsad.cli"]


def run_marsad(
    args: list[str], tmp_path: Path, **env: str
) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MARSAD_", "DATABASE_"))
    }
    clean["MARSAD_DATA_DIR"] = str(tmp_path / "data")
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [*MARSAD, *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"DATABASE_URL": "mysql://root@localhost/marsad"},
            "DATABASE_URL uses an unsupported",
        ),
        ({"DATABASE_URL": ""}, "DATABASE_URL is set but empty"),
        (
            {"DATABASE_URL": "postgres://localhost:notaport/x"},
            "DATABASE_URL is malformed",
        ),
        (
            {"MARSAD_ENCRYPTION_KEY": "letmein"},
            "MARSAD_ENCRYPTION_KEY is malformed: key 1",
        ),
        ({"MARSAD_SECRET_KEY": "short"}, "MARSAD_SECRET_KEY is malformed"),
        ({"MARSAD_DEBUG": "maybe"}, "Unexpected value MARSAD_DEBUG='maybe'"),
        ({"MARSAD_LANGUAGE": "fr"}, "Unexpected value MARSAD_LANGUAGE='fr'"),
    ],
)
@pytest.mark.integration
def test_bad_configuration_stops_startup_with_one_line(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = run_marsad(["manage", "check"], tmp_path, **env)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"marsad: configuration error: {message}")
    assert result.stderr.count("\n") == 1


def test_sqlite_url_gets_wal_and_immediate_transactions(tmp_path: Path) -> None:
    config = database_from_url(f"sqlite:///{tmp_path}/x.sqlite3")

    assert config["NAME"] == f"{tmp_path}/x.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url_is_taken_as_given() -> None:
    config = database_from_url("postgres://marsad:pw@db.internal:5433/marsad")

    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        5433,
        "marsad",
    )


def test_secret_is_generated_once_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MARSAD_TEST_SECRET", raising=False)
    stored = tmp_path / "secret"
    read = lambda: env_secret(  # noqa: E731
        "MARSAD_TEST_SECRET",
        stored_in=stored,
        generate=lambda: "s" * 40,
        validate=check_secret_key,
    )

    first, second = read(), read()

    assert first == second == "s" * 40
    assert stored.stat().st_mode & 0o777 == 0o600


def test_secret_can_come_from_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret_file = tmp_path / "from-docker-secret"
    secret_file.write_text("k" * 40 + "\n")
    monkeypatch.delenv("MARSAD_TEST_SECRET", raising=False)
    monkeypatch.setenv("MARSAD_TEST_SECRET_FILE", str(secret_file))

    value = env_secret(
        "MARSAD_TEST_SECRET",
        stored_in=tmp_path / "unused",
        generate=lambda: "never",
        validate=check_secret_key,
    )

    assert value == "k" * 40
    assert not (tmp_path / "unused").exists()


def test_env_bool_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_X", "yes please")

    with pytest.raises(
        ImproperlyConfigured, match="MARSAD_X='yes please', use 'true' or 'false'"
    ):
        env_bool("MARSAD_X", default=False)


@pytest.mark.integration
def test_demo_no_serve_sets_up_and_is_idempotent(tmp_path: Path) -> None:
    first = run_marsad(["demo", "--no-serve", "--json"], tmp_path)
    second = run_marsad(["demo", "--no-serve", "--json"], tmp_path)

    assert first.returncode == 0, first.stderr
    import json

    accounts = json.loads(first.stdout)["accounts"]
    again = json.loads(second.stdout)["accounts"]
    assert [(a["username"], a["role"]) for a in accounts] == [
        ("admin", "admin"),
        ("analyst", "analyst"),
        ("handler", "case_handler"),
        ("campaigns", "campaign_manager"),
        ("trainer", "trainer"),
    ]
    assert all(len(a["password"]) >= 12 for a in accounts)
    assert [a["password"] for a in again] == [None] * 5
    database = tmp_path / "data" / "marsad.sqlite3"
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM core_user").fetchone()[0] == 5
    stats = json.loads(run_marsad(["monitor", "stats", "--json"], tmp_path).stdout)
    assert (stats["total"], stats["by_lang"]) == (36, {"ar": 12, "en": 12, "he": 12})
    assert (tmp_path / "data" / "secret_key").exists()
    assert (tmp_path / "data" / "encryption_key").exists()
