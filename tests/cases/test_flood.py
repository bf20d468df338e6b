"""A flood on the real server (gunicorn, 2 workers, SQLite) over loopback.

One address hammers the API while real reporters file through the form, each
from their own address (behind a trusted proxy, as in production). The limit
must stop the flood, every reporter must get through, and every receipt handed
out must lead to a stored report: nothing lost.
"""

import http.cookiejar
import json
import re
import sqlite3
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with running_server(
        tmp_path,
        MARSAD_TRUSTED_PROXIES="127.0.0.1",
        MARSAD_REPORTS_PER_HOUR=str(LIMIT),
    ) as base:
        yield base


def test_flood_is_limited_and_no_report_is_lost(server: str, tmp_path: Path) -> None:
    report = {
        "violation_type": "other",
        "platform": "other",
        "description": "spam",
        "consent_store": True,
    }
    with ThreadPoolExecutor(max_workers=12) as pool:
        flood = [
            pool.submit(_api, server, "/api/v1/cases/reports", report, ATTACKER)
            for _ in range(FLOOD)
        ]
        people = [pool.submit(_reporter, server, n) for n in range(1, REPORTERS + 1)]
        flood_results = [f.result() for f in flood]
        people_results = [p.result() for p in people]

    flood_codes = [s for s, _b in flood_results]
    receipts = [b["receipt_code"] for s, b in flood_results if s == 201]
    receipts += [code for status, code in people_results if code]
    with sqlite3.connect(tmp_path / "marsad.sqlite3") as db:
        stored = db.execute("SELECT COUNT(*) FROM cases_report").fetchone()[0]
        files = db.execute("SELECT COUNT(*) FROM cases_evidence").fetchone()[0]
    found = [
        _api(
            server,
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
