"""Live sources against a fake Mastodon and Bluesky API on loopback, never the net."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyarrow.parquet as pq
import pytest

from marsad.cli import main
from marsad.monitor.enums import SourceKind
from marsad.monitor.live import FetchError
from marsad.monitor.models import Source
from marsad.monitor.services import create_source, fetch_source

pytestmark = [pytest.mark.integration]

FIXTURES = Path(__file__).parent / "connectors" / "fixtures"
STATUSES = json.loads((FIXTURES / "mastodon__tag_timeline.json").read_text())
BLUESKY = json.loads((FIXTURES / "bluesky__search_posts.json").read_text())


class FakeApi(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = parse_qs(url.query)
        FakeApi.requests.append(self.path)
        if url.path == "/api/v1/timelines/tag/rights":
            since = int(query.get("since_id", ["0"])[0])
            self._send(200, [s for s in STATUSES if int(s["id"]) > since])
        elif url.path == "/xrpc/app.bsky.feed.searchPosts":
            posts = [] if "since" in query else BLUESKY["posts"]
            self._send(200, {"posts": posts})
        else:
            self._send(500, {"error": "boom"})

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeApi.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _lake(settings: object, tmp_path: Path) -> None:
    settings.MARSAD_LAKE_DIR = tmp_path / "lake"


def stored(tmp_path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for part in sorted((tmp_path / "lake" / "posts").rglob("*.parquet")):
        table = pq.read_table(part, columns=["source", "platform", "post_id"])
        rows.extend(
            zip(*(table[c].to_pylist() for c in table.column_names), strict=True)
        )
    return sorted(rows)


def test_mastodon_hashtag_is_fetched_then_polled_from_where_it_stopped(
    db: None, fake_api: str, tmp_path: Path
) -> None:
    source = create_source(
        name="rights-tag", kind=SourceKind.MASTODON, base_url=fake_api, query="#rights"
    )

    first = fetch_source(source)
    second = fetch_source(source)

    assert (first.read, first.stored, first.rejected) == (2, 2, 0)
    assert (second.read, second.stored) == (0, 0)
    assert source.state == {"since_id": "111222333444555777"}
    assert source.n_fetched == 2
    assert FakeApi.requests[-1].startswith("/api/v1/timelines/tag/rights?")
    assert "since_id=111222333444555777" in FakeApi.requests[-1]
    assert stored(tmp_path) == [
        ("rights-tag", "mastodon", "https://far.example/users/amira/statuses/999"),
        (
            "rights-tag",
            "mastodon",
            "https://social.example/users/rights/statuses/111222333444555666",
        ),
    ]


def test_bluesky_search_is_fetched_and_idempotent(
    db: None, fake_api: str, tmp_path: Path
) -> None:
    source = create_source(
        name="incitement-he",
        kind=SourceKind.BLUESKY,
        base_url=f"{fake_api}/xrpc",
        query="הסתה",
    )

    first = fetch_source(source)
    again = fetch_source(source)

    assert (first.read, first.stored) == (1, 1)
    assert (again.read, again.stored) == (0, 0)
    assert source.state == {"since": "2024-05-01T10:00:00.000Z"}
    assert stored(tmp_path) == [
        ("incitement-he", "bluesky", "at://did:plc:abc123/app.bsky.feed.post/3kq2xyz")
    ]


def test_api_failure_is_reported_and_state_is_kept(db: None, fake_api: str) -> None:
    source = create_source(
        name="broken",
        kind=SourceKind.MASTODON,
        base_url=f"{fake_api}/nowhere",
        query="rights",
    )

    with pytest.raises(FetchError, match="nowhere"):
        fetch_source(source)

    source.refresh_from_db()
    assert (source.state, source.last_fetched_at) == ({}, None)


def test_sources_command_line(
    db: None, fake_api: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    token = tmp_path / "token"
    token.write_text("secret-token\n")

    added = main(
        [
            "monitor",
            "sources",
            "add",
            "rights-tag",
            "--kind",
            "mastodon",
            "--base-url",
            fake_api,
            "--query",
            "rights",
            "--token-file",
            str(token),
        ]
    )
    fetched = main(["monitor", "sources", "fetch", "--json"])
    fetch_out = capsys.readouterr().out.splitlines()[-1]
    listed = main(["monitor", "sources", "list", "--json"])
    list_out = json.loads(capsys.readouterr().out)

    assert (added, fetched, listed) == (0, 0, 0)
    assert json.loads(fetch_out)["sources"]["rights-tag"]["stored"] == 2
    assert list_out["sources"][0]["n_fetched"] == 2
    assert Source.objects.get().access_token == "secret-token"
    assert main(["monitor", "sources", "list"]) == 0
    assert capsys.readouterr().out.split() == [
        "rights-tag",
        "mastodon",
        "rights",
        "2",
        "posts",
    ]
    assert main(["monitor", "sources", "remove", "rights-tag"]) == 0
    assert Source.objects.count() == 0
