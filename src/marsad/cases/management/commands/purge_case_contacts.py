import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from marsad.cases.services.retention import purge_contact_data


class Command(BaseCommand):
    help = (
        "Erase reporters' names and contacts MARSAD_CONTACT_RETENTION_MONTHS after "
        "their case closed (run it daily, e.g. from cron)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--months", type=int, help="override MARSAD_CONTACT_RETENTION_MONTHS"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count, change nothing"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_contact_data(months=options["months"], dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(
                json.dumps({"purged": count, "dry_run": options["dry_run"]})
            )
        elif options["dry_run"]:
            self.stdout.write(f"{count} reports have contact data past retention")
        else:
            self.stdout.write(f"contact data erased from {count} reports")
