import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from marsad.cli import build_parser

pytestmark = [pytest.mark.integration]


def test_help_lists_every_command() -> None:
    help_text = build_parser().format_help()

    for command in ("demo", "serve", "manage"):
        assert command in help_text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, deadline_s: float = 60) -> urllib.request.addinfourl:
    """Poll until the server answers: start-up time is not what this test measures."""
    end = time.monotonic() + deadline_s
    while True:
        try:
            return urllib.request.urlopen(url, timeout=2)  # noqa: S310
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.2)


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read().decode()


@contextmanager
def running_server(
    data_dir: Path, *, workers: int = 2, **settings: str
) -> Iterator[str]:
    """`marsad serve` on a free port with its own data folder (SQLite); its URL."""
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MARSAD_", "DATABASE_"))
    }
    env.update(MARSAD_DATA_DIR=str(data_dir), **settings)
    command = [sys.executable, "-m", "marsad.cli", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    with (
        (data_dir / "server.log").open("w") as log,
        subprocess.Popen(  # noqa: S603
            command, env=env, stdout=log, stderr=log
        ) as server,
    ):
        try:
            wait_for(f"http://127.0.0.1:{port}/api/v1/health").close()
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()


def test_serve_runs_gunicorn_and_answers(tmp_path: Path) -> None:
    with running_server(tmp_path, workers=1) as base:
        status, headers, _body = fetch(f"{base}/api/v1/health")
        _status, _headers, login = fetch(f"{base}/login/")
        css_path = login.split('rel="stylesheet" href="')[1].split('"')[0]
        css_status, _headers, css = fetch(f"{base}{css_path}")

    assert status == 200
    assert headers["Server"].startswith("gunicorn")
    assert css_path.startswith("/static/core/marsad.")
    assert css_path != "/static/core/marsad.css"  # hashed name: cacheable for ever
    assert (css_status, css.startswith("/* Marsad's shell.")) == (200, True)
