import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

import marsad.settings as marsad_settings
from marsad.core.enums import AuditAction, Role
from marsad.core.models import AuditEvent
from tests.conftest import StaffMaker, current_code, sign_in

pytestmark = [pytest.mark.integration]


def post_password(client: Client, username: str, password: str) -> object:
    return client.post(
        "/login/", {"username": username, "password": password, "next": "/"}
    )


def test_sign_in_needs_password_then_totp_code(
    client: Client, make_staff: StaffMaker
) -> None:
    _user, password, device = make_staff("amal", [Role.ANALYST])

    after_password = post_password(client, "amal", password)
    held = client.get("/profile/")
    after_code = client.post(
        "/login/verify/", {"token": current_code(device), "next": "/"}
    )
    home = client.get("/")

    assert after_password.status_code == 302
    assert after_password["Location"] == "/login/verify/?next=%2F"
    assert (held.status_code, held["Location"]) == (302, "/login/verify/")
    assert (after_code.status_code, after_code["Location"]) == (302, "/")
    assert home.status_code == 200
    assert home.context["user_roles"] == ["Monitoring analyst"]


def test_wrong_totp_code_is_refused_and_logged(
    client: Client, make_staff: StaffMaker
) -> None:
    user, password, device = make_staff("amal", [Role.ANALYST])
    post_password(client, "amal", password)
    wrong = "000000" if current_code(device) != "000000" else "111111"

    response = client.post("/login/verify/", {"token": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors["token"] == [
        "This code is wrong or has expired. Try the next one."
    ]
    assert client.get("/").status_code == 302
    assert (
        AuditEvent.objects.filter(
            actor=user, action=AuditAction.TWO_FACTOR_FAILED
        ).count()
        == 1
    )


def test_first_sign_in_enrolls_an_authenticator(client: Client, db: None) -> None:
    from marsad.core import services

    user, password = services.create_user(
        username="newbie", roles=[Role.TRAINER], actor=None
    )

    first = post_password(client, "newbie", password)
    page = client.get("/login/enroll/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    confirmed = client.post(
        "/login/enroll/", {"token": current_code(device), "next": "/"}
    )

    assert first["Location"] == "/login/enroll/?next=%2F"
    assert len(page.context["secret"]) == 32
    assert page.context["qr_data_uri"].startswith("data:image/svg")
    assert (confirmed.status_code, confirmed["Location"]) == (302, "/")
    assert list(
        TOTPDevice.objects.filter(user=user).values_list("confirmed", flat=True)
    ) == [True]
    assert client.get("/").status_code == 200
    assert (
        AuditEvent.objects.filter(
            actor=user, action=AuditAction.TWO_FACTOR_ENROLLED
        ).count()
        == 1
    )


def test_failed_logins_lock_the_account(
    client: Client, make_staff: StaffMaker, settings: object
) -> None:
    _user, password, _device = make_staff("amal", [Role.ANALYST])
    limit = settings.AXES_FAILURE_LIMIT

    failures = [
        post_password(client, "amal", "wrong-password").status_code
        for _ in range(limit)
    ]
    with_right_password = post_password(client, "amal", password)

    assert failures == [200] * (limit - 1) + [429]
    assert with_right_password.status_code == 429
    assert "Too many failed sign-ins" in with_right_password.content.decode()
    assert (
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == limit + 1
    )


def test_passwords_are_hashed_with_argon2_by_default() -> None:
    assert marsad_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    hasher = Argon2PasswordHasher()
    assert hasher.encode("a long pass phrase", hasher.salt()).startswith("argon2$")


def test_user_without_role_sees_only_their_profile(client: Client, db: None) -> None:
    from marsad.core.models import User

    user = User.objects.create_user(username="norole", password="x")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(client, user, device)

    home = client.get("/")
    profile = client.get("/profile/")
    admin = client.get("/admin/core/auditevent/", follow=True)

    assert (home.status_code, home["Location"]) == (302, "/profile/")
    assert profile.status_code == 200
    assert profile.context["nav_items"] == [{"label": "Profile", "url": "/profile/"}]
    assert admin.status_code == 403


@pytest.mark.parametrize(
    ("role", "labels"),
    [
        (Role.ANALYST, ["Dashboard", "Profile", "Index dashboard", "Review queue"]),
        (
            Role.CASE_HANDLER,
            ["Dashboard", "Profile", "Cases", "New reports", "Case statistics"],
        ),
        (
            Role.ADMIN,
            [
                "Dashboard",
                "Audit log",
                "Users",
                "Profile",
                "Cases",
                "New reports",
                "Case statistics",
            ],
        ),
    ],
)
def test_navigation_follows_role(
    client: Client, make_staff: StaffMaker, role: Role, labels: list[str]
) -> None:
    user, _password, device = make_staff("someone", [role])
    sign_in(client, user, device)

    response = client.get("/")

    assert [item["label"] for item in response.context["nav_items"]] == labels
    assert response.context["user_roles"] == [role.label]


def test_logout_ends_the_session(analyst_client: Client) -> None:
    response = analyst_client.post("/logout/")

    assert (response.status_code, response["Location"]) == (302, "/login/")
    assert analyst_client.get("/")["Location"] == "/login/?next=/"


def test_login_redirect_ignores_foreign_next(
    client: Client, make_staff: StaffMaker
) -> None:
    _user, password, _device = make_staff("amal", [Role.ANALYST])

    response = client.post(
        "/login/",
        {"username": "amal", "password": password, "next": "https://evil.example/"},
    )

    assert response["Location"] == "/login/verify/?next=%2F"
