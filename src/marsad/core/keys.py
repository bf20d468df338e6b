"""Key rotation for encrypted personal data."""

from django.db import transaction

from marsad.core.audit import record_event
from marsad.core.enums import AuditAction
from marsad.core.fields import encrypted_fields

BATCH = 500


@transaction.atomic
def rotate_encryption_keys() -> dict[str, int]:
    """Re-encrypt every encrypted value with the current (first) key.

    Reading decrypts with whichever configured key matches; writing encrypts with
    the first. One transaction: a failure leaves every row as it was.
    """
    counts: dict[str, int] = {}
    for model, names in encrypted_fields():
        n_rows = 0
        for row in model._default_manager.values("pk", *names).iterator(
            chunk_size=BATCH
        ):
            pk = row.pop("pk")
            model._default_manager.filter(pk=pk).update(**row)
            n_rows += 1
        counts[model._meta.label] = n_rows
    record_event(actor=None, action=AuditAction.KEYS_ROTATED, detail=counts)
    return counts
