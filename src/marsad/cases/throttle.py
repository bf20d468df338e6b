"""Rate limit of the public form and API, per client address.

Counters live in the database, so every server process and thread shares them
(a per-process cache would multiply the limit by the number of workers). The
address is kept only as a keyed hash, and counters older than the last two
windows are deleted as new ones open.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from marsad.cases.models import IntakeWindow

WINDOW_SECONDS = 3600


def _address_digest(address: str) -> str:
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, address.encode("utf-8"), hashlib.sha256).hexdigest()


def allow(address: str | None, *, limit: int | None = None) -> bool:
    """Count one attempt from `address`; False once it is over the hourly limit.

    Each attempt counts, accepted or not, so that hammering the form does not
    earn more tries. An unknown address shares one counter with all unknowns.
    """
    limit = limit or settings.MARSAD_REPORTS_PER_HOUR
    digest = _address_digest(address or "unknown")
    window = int(time.time()) // WINDOW_SECONDS
    counters = IntakeWindow.objects.filter(address_digest=digest, window=window)
    with transaction.atomic():
        if not counters.update(n_attempts=F("n_attempts") + 1):
            try:
                with transaction.atomic():
                    IntakeWindow.objects.create(
                        address_digest=digest, window=window, n_attempts=1
                    )
                IntakeWindow.objects.filter(window__lt=window - 1).delete()
            except IntegrityError:
                # Another request opened this window between our update and insert.
                counters.update(n_attempts=F("n_attempts") + 1)
        count = counters.values_list("n_attempts", flat=True).first() or 0
    return count <= limit
