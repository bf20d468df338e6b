"""The audit log service: every app records reads and writes of sensitive data here."""

import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from marsad.core.enums import AuditAction
from marsad.core.models import AuditEvent, User


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address: the peer's, or the one a trusted proxy forwarded.

    X-Forwarded-For is believed only from a peer listed in MARSAD_TRUSTED_PROXIES
    (anyone else could write it), and then only its last entry, the one that
    proxy added.
    """
    if request is None:
        return None
    peer = request.META.get("REMOTE_ADDR") or None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if peer in settings.MARSAD_TRUSTED_PROXIES and forwarded.strip():
        candidate = forwarded.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            return peer
    return peer


def record_event(
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_username: str = "",
) -> AuditEvent:
    """Append one event. Call it inside the transaction of the write it describes.

    `actor_username` names who tried when there is no user (a failed login).
    """
    event = AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        actor_username=actor.get_username() if actor is not None else actor_username,
        action=action,
        ip_address=client_address(request),
        detail=detail or {},
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
        event.target_repr = str(target)[:200]
    event.save()
    return event


def record_read(
    *, actor: User, target: models.Model, request: HttpRequest | None = None
) -> AuditEvent:
    """Record that `actor` saw a sensitive object (a case, a reporter's contact...)."""
    return record_event(
        actor=actor, action=AuditAction.VIEW, target=target, request=request
    )


def events_for_object(target: models.Model) -> models.QuerySet[AuditEvent]:
    """The trail of one object, newest first (a chain-of-custody view reads this)."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
