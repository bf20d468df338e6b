"""Runs the web app under gunicorn, a production-grade WSGI server.

Django's development server is never used outside tests: it is single-purpose,
unhardened, and DESIGN.md asks the demo to run as production would.
"""

import sys
from typing import Any

from gunicorn.app.base import BaseApplication


def prepare() -> None:
    """Bring the database schema and static files up to date before serving."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from marsad.wsgi import application

        return application


def serve(*, host: str, port: int, workers: int) -> int:
    """Serve until interrupted; returns gunicorn's exit status."""
    print(
        f"Marsad is running at http://{host}:{port}/  (Ctrl+C stops it)",
        file=sys.stderr,
    )
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": 4,
        "timeout": 60,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "warning",
    }
    try:
        _Gunicorn(options).run()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
