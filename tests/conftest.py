"""Shared fixtures: staff accounts built through services, and signed-in clients."""

import os
from collections.abc import Callable, Iterable

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from marsad.core import services
from marsad.core.enums import Role
from marsad.core.models import User

# CI explores the same examples every run, so a landing never hangs on luck;
# local runs keep searching new ones (and remember what failed in .hypothesis/).
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _fast_settings(settings: object) -> None:
    # For speed: MD5 instead of Argon2 (test_auth checks Argon2 is the real default),
    # and plain static storage, since tests do not run collectstatic.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app would show now for `device`."""
    code = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift,
    )
    return f"{code:0{device.digits}d}"


StaffMaker = Callable[..., tuple[User, str, TOTPDevice]]


@pytest.fixture
def make_staff(db: None) -> StaffMaker:
    """A user with roles and a confirmed authenticator: (user, password, device)."""

    def make(
        username: str = "staff", roles: Iterable[Role] = (Role.ANALYST,)
    ) -> tuple[User, str, TOTPDevice]:
        user, password = services.create_user(
            username=username, roles=roles, actor=None
        )
        device = TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
        return user, password, device

    return make


def sign_in(client: Client, user: User, device: TOTPDevice) -> Client:
    """A session past both factors, without spending a TOTP code."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def analyst_client(client: Client, make_staff: StaffMaker) -> Client:
    user, _password, device = make_staff("analyst", [Role.ANALYST])
    return sign_in(client, user, device)


@pytest.fixture
def admin_client(client: Client, make_staff: StaffMaker) -> Client:
    user, _password, device = make_staff("boss", [Role.ADMIN])
    return sign_in(client, user, device)
