from typing import Any

from django.core.management.base import BaseCommand

from marsad.core.keys import rotate_encryption_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt all personal data with the first key of MARSAD_ENCRYPTION_KEY. "
        "Run after putting a new key in front; then the old key can be removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = rotate_encryption_keys()
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} rows re-encrypted")
