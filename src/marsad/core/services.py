"""Writes a user can cause in the core app: accounts, roles, two-factor, API tokens.

Each function opens its transaction, checks the actor's rights, and records the
event in the audit log (STYLE.md §2). Views, API, commands and `marsad demo` call
these, never the models directly.
"""

import hashlib
import secrets
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from marsad.core.audit import record_event
from marsad.core.enums import AuditAction, Role
from marsad.core.models import ApiToken, User

TOKEN_PREFIX = "msd_"  # noqa: S105  (a marker, not a secret)


def generate_password() -> str:
    """A one-time password strong enough to pass the validators, easy to type."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))


def _require(actor: User | None, permission: str) -> None:
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDenied(f"{actor.get_username()} may not {permission}")


@transaction.atomic
def create_user(
    *,
    username: str,
    roles: Iterable[Role],
    actor: User | None,
    password: str | None = None,
) -> tuple[User, str]:
    """Create a staff account and return it with its password (to show once).

    `actor=None` means the system itself (the `demo` command, a first admin).
    """
    _require(actor, "core.add_user")
    password = password or generate_password()
    user = User.objects.create_user(username=username, password=password)
    record_event(actor=actor, action=AuditAction.CREATE, target=user)
    set_roles(user, roles=roles, actor=actor)
    return user, password


@transaction.atomic
def set_roles(user: User, *, roles: Iterable[Role], actor: User | None) -> None:
    """Give `user` exactly these roles; admins also get the admin site."""
    _require(actor, "core.change_user")
    wanted = sorted({Role(role) for role in roles})
    user.groups.set(Group.objects.filter(name__in=wanted))
    user.is_staff = Role.ADMIN in wanted
    user.save(update_fields=["is_staff"])
    record_event(
        actor=actor,
        action=AuditAction.ROLES_CHANGED,
        target=user,
        detail={"roles": [str(role) for role in wanted]},
    )


@transaction.atomic
def reset_password(user: User, *, actor: User | None) -> str:
    _require(actor, "core.change_user")
    password = generate_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        target=user,
        detail={"password": "reset"},
    )
    return password


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed device a user is setting up, created on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=False
        )
    return device


@transaction.atomic
def confirm_totp_device(
    device: TOTPDevice, *, token: str, request: HttpRequest | None = None
) -> bool:
    """Confirm a new authenticator once the user typed a code from it."""
    if not device.verify_token(token):
        record_event(
            actor=device.user, action=AuditAction.TWO_FACTOR_FAILED, request=request
        )
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    record_event(
        actor=device.user, action=AuditAction.TWO_FACTOR_ENROLLED, request=request
    )
    return True


def _digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


@transaction.atomic
def create_api_token(
    user: User, *, name: str, actor: User, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user`; the raw token is returned once and never stored."""
    if actor.pk != user.pk:
        raise PermissionDenied("API tokens are created by their owner")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], prefix=raw[:12], digest=_digest(raw)
    )
    record_event(
        actor=actor, action=AuditAction.TOKEN_CREATED, target=token, request=request
    )
    return token, raw


@transaction.atomic
def revoke_api_token(
    token: ApiToken, *, actor: User, request: HttpRequest | None = None
) -> None:
    if actor.pk != token.user_id and not actor.has_perm("core.change_user"):
        raise PermissionDenied("only the owner or an administrator revokes a token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=actor, action=AuditAction.TOKEN_REVOKED, target=token, request=request
        )


def user_for_api_token(raw_token: str) -> User | None:
    """The active user owning this active token, or None; notes when it was used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=_digest(raw_token), revoked_at__isnull=True, user__is_active=True
        )
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
