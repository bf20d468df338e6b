import csv
import hashlib
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.test import Client

from marsad.cases.enums import CaseStatus, EvidenceKind
from marsad.cases.models import Case
from marsad.cases.services import casework, evidence
from marsad.core.models import User
from tests.conftest import sign_in

pytestmark = [pytest.mark.integration]

PAGE = "<html><body><p>منشور تحريضي سيُحذف قريبًا</p></body></html>".encode()


class _Post(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path != "/post/1":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Post)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_captured_page_is_kept_with_its_hash(
    case: Case, handler: User, site: str
) -> None:
    item = evidence.capture_link(case, url=f"{site}/post/1", actor=handler)

    assert item.kind == EvidenceKind.LINK
    assert item.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert (item.size, item.content_type) == (len(PAGE), "text/html")
    with item.original.open("rb") as handle:
        assert handle.read() == PAGE
    assert item.url == f"{site}/post/1"


def test_a_page_that_cannot_be_fetched_says_why_and_stores_nothing(
    case: Case, handler: User, site: str
) -> None:
    before = case.evidence.count()

    with pytest.raises(evidence.EvidenceRefusedError, match="could not be fetched"):
        evidence.capture_link(case, url=f"{site}/gone", actor=handler)
    with pytest.raises(evidence.EvidenceRefusedError, match="only http"):
        evidence.capture_link(case, url="file:///etc/passwd", actor=handler)

    assert case.evidence.count() == before


def test_notes_are_ciphertext_in_the_database(case: Case, handler: User) -> None:
    casework.add_note(case, text="Called Lina, she confirmed the date", actor=handler)

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM cases_casenote")
        (raw,) = cursor.fetchone()

    assert raw.startswith("gAAAA")
    assert "Lina" not in raw


def test_staff_csv_lists_documented_cases_without_personal_data(
    client: Client, case: Case, handler: User
) -> None:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.VERIFIED)
    sign_in(client, handler, handler.totpdevice_set.get())

    response = client.get("/cases/statistics.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["case", "opened", "incident_date"]
    assert rows[1][0] == case.reference
    assert rows[1][3:6] == ["content_removed", "instagram", "verified"]
    assert "Lina" not in response.content.decode()
