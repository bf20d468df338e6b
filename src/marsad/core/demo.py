"""`marsad demo`: a working Marsad on embedded defaults, built through services."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from marsad.core import services
from marsad.core.enums import Role
from marsad.core.models import User

DEMO_POSTS = (
    Path(__file__).resolve().parents[1] / "monitor" / "demo_data" / "posts.jsonl"
)
DEMO_ACCOUNTS = [
    ("admin", Role.ADMIN),
    ("analyst", Role.ANALYST),
    ("handler", Role.CASE_HANDLER),
    ("campaigns", Role.CAMPAIGN_MANAGER),
    ("trainer", Role.TRAINER),
]


def build_demo(*, reset_passwords: bool = False) -> list[dict[str, str | None]]:
    """Migrate, collect static files and create the demo accounts.

    Idempotent: existing accounts keep their password unless `reset_passwords`,
    and the demo posts are stored once. Returns one dict per account; `password`
    is None when it was not changed.
    """
    from marsad.server import prepare

    prepare()
    call_command("check", fail_level="ERROR", stdout=StringIO())
    accounts: list[dict[str, str | None]] = []
    with transaction.atomic():
        for username, role in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            password: str | None = None
            if user is None:
                user, password = services.create_user(
                    username=username, roles=[role], actor=None
                )
            elif reset_passwords:
                password = services.reset_password(user, actor=None)
            if role == Role.ADMIN and not user.is_superuser:
                user.is_superuser = True
                user.save(update_fields=["is_superuser"])
            accounts.append(
                {"username": username, "role": str(role), "password": password}
            )
    load_demo_posts()
    from marsad.monitor.runs import run_pipeline

    run_pipeline(engine="local", workers=1)  # scores the demo posts once
    from marsad.cases.demo import load_demo_cases

    load_demo_cases(User.objects.get(username="handler"))
    return accounts


def load_demo_posts() -> None:
    """Ingest the bundled synthetic posts into the lake as source `demo` (once)."""
    from marsad.monitor.services import ingest_files

    summary = ingest_files([DEMO_POSTS], source="demo", fmt="jsonl")
    if summary.errors:
        raise RuntimeError(f"demo posts could not be loaded: {summary.errors}")
