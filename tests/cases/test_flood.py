"""A flood on the real server (gunicorn, 2 workers) over loopback, on SQLite or,
when the suite runs on PostgreSQL, on a database of its own there.

One address hammers the API while real reporters file through the form, each
from their own address (behind a trusted proxy, as in production). The limit
must stop the flood, every reporter must get through, and every receipt handed
out must lead to a stored report: nothing lost.
"""

import http.cookiejar
import json
import os
import re
import sqlite3
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.cases.conftest import photo_with_location
from tests.test_cli import running_server

pytestmark = [pytest.mark.integration]

LIMIT = 20
FLOOD = 300
REPORTERS = 40
ATTACKER = "203.0.113.66"


def _api(base: str, path: str, body: dict, address: str) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310
        base + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": address},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _multipart(fields: dict[str, str], photo: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = '--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
    parts = [head.format(b=boundary, k=k, v=v).encode() for k, v in fields.items()]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
        f'filename="screen.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
        + photo
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _reporter(base: str, number: int) -> tuple[int, str]:
    """A person filing through the form: page, CSRF cookie, post, receipt page."""
    address = f"198.51.100.{number}"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("X-Forwarded-For", address), ("Accept-Language", "ar")]
    page = opener.open(base + "/report/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    fields = {
        "csrfmiddlewaretoken": token,
        "violation_type": "hate_speech",
        "platform": "x",
        "description": f"تعليقات عنصرية على منشوري رقم {number}",
        "has_storage_consent": "on",
        "has_statistics_consent": "on",
    }
    body, content_type = _multipart(fields, photo_with_location())
    request = urllib.request.Request(  # noqa: S310
        base + "/report/",
        data=body,
        headers={"Content-Type": content_type, "Referer": base + "/report/"},
    )
    try:
        with opener.open(request, timeout=30) as response:
            thanks = response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""
    code = re.search(r'data-testid="receipt-code">([^<]+)<', thanks)
    return response.status, code[1] if code else ""


@dataclass
class Server:
    url: str
    count: Callable[[str], int]  # rows in a table of the server's database


@contextmanager
def own_database(
    tmp_path: Path,
) -> Iterator[tuple[dict[str, str], Callable[[str], int]]]:
    """The server's database: SQLite in `tmp_path`, or, when the suite runs on
    PostgreSQL (DATABASE_URL), a fresh database on that server, dropped after."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        path = tmp_path / "marsad.sqlite3"

        def count_sqlite(table: str) -> int:
            with sqlite3.connect(path) as db:
                return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608

        yield {}, count_sqlite
        return
    import psycopg

    name = f"marsad_flood_{os.getpid()}"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    own = urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")

    def count_postgres(table: str) -> int:
        with psycopg.connect(own) as db:
            return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608

    try:
        yield {"DATABASE_URL": own}, count_postgres
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with (
        own_database(tmp_path) as (database, count),
        running_server(
            tmp_path,
            MARSAD_TRUSTED_PROXIES="127.0.0.1",
            MARSAD_REPORTS_PER_HOUR=str(LIMIT),
            **database,
        ) as base,
    ):
        yield Server(base, count)


def test_flood_is_limited_and_no_report_is_lost(server: Server) -> None:
    report = {
        "violation_type": "other",
        "platform": "other",
        "description": "spam",
        "consent_store": True,
    }
    with ThreadPoolExecutor(max_workers=12) as pool:
        flood = [
            pool.submit(_api, server.url, "/api/v1/cases/reports", report, ATTACKER)
            for _ in range(FLOOD)
        ]
        people = [
            pool.submit(_reporter, server.url, n) for n in range(1, REPORTERS + 1)
        ]
        flood_results = [f.result() for f in flood]
        people_results = [p.result() for p in people]

    flood_codes = [s for s, _b in flood_results]
    receipts = [b["receipt_code"] for s, b in flood_results if s == 201]
    receipts += [code for status, code in people_results if code]
    stored, files = server.count("cases_report"), server.count("cases_evidence")
    found = [
        _api(
            server.url,
            "/api/v1/cases/reports/status",
            {"receipt_code": c},
            f"10.9.{i // 200}.{i % 200}",
        )[0]
        for i, c in enumerate(receipts)
    ]
    figures = {
        "sent": FLOOD + REPORTERS,
        "accepted": len(receipts),
        "rejected_by_limit": flood_codes.count(429),
        "reporters_through": sum(1 for _s, code in people_results if code),
        "stored": stored,
        "lost": len(receipts) - found.count(200),
    }
    sys.stderr.write(f"flood: {json.dumps(figures)}\n")  # figures for the notes

    assert flood_codes.count(201) == LIMIT
    assert flood_codes.count(429) == FLOOD - LIMIT
    assert [status for status, _c in people_results] == [200] * REPORTERS
    assert figures["reporters_through"] == REPORTERS
    assert stored == len(receipts) == LIMIT + REPORTERS
    assert files == REPORTERS
    assert figures["lost"] == 0
