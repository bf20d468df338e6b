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
from django.http import HttpRequest

from marsad.cases.models import IntakeWindow
from marsad.core.audit import client_address

WINDOW_SECONDS = 3600
# Looking a code up is cheaper than filing, and people mistype: allow more.
LOOKUPS_PER_REPORT = 5


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


def allow_report(request: HttpRequest) -> bool:
    """A report or an addition from this client (form and API share the count)."""
    return allow(client_address(request))


def allow_lookup(request: HttpRequest) -> bool:
    """A receipt-code lookup from this client, counted apart from reports."""
    limit = settings.MARSAD_REPORTS_PER_HOUR * LOOKUPS_PER_REPORT
    return allow(f"lookup {client_address(request)}", limit=limit)
