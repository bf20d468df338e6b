"""The shell's pages: sign-in with two factors, home, profile and API tokens."""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from marsad.core import services
from marsad.core.access import StaffRequest, role_required
from marsad.core.audit import record_event
from marsad.core.enums import AuditAction, Role
from marsad.core.forms import ApiTokenForm, LoginForm, TokenForm

NEW_TOKEN_SESSION_KEY = "marsad_new_api_token"  # noqa: S105  (a session key name)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return "/"


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            with transaction.atomic():
                login(request, user)
                record_event(actor=user, action=AuditAction.LOGIN, request=request)
            step = "core:verify" if user_has_device(user) else "core:enroll"
            return redirect(
                f"{reverse(step)}?{urlencode({'next': _next_url(request)})}"
            )
        record_event(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            actor_username=request.POST.get("username", "")[:150],
            request=request,
        )
    return render(
        request, "core/login.html", {"form": form, "next": _next_url(request)}
    )


@login_required
def verify_view(request: StaffRequest) -> HttpResponse:
    """Second factor for a user who already has an authenticator."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("core:enroll")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified, _unused = device.verify_is_allowed()
        if verified and device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        record_event(
            actor=request.user, action=AuditAction.TWO_FACTOR_FAILED, request=request
        )
        form.add_error(
            "token", _("This code is wrong or has expired. Try the next one.")
        )
    return render(
        request, "core/verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
def enroll_view(request: StaffRequest) -> HttpResponse:
    """First sign-in: link an authenticator app before anything else opens."""
    if request.user.is_verified():
        return redirect("core:home")
    if user_has_device(request.user):
        return redirect("core:verify")
    device = services.pending_totp_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_device(
            device, token=form.cleaned_data["token"], request=request
        ):
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "token", _("This code is wrong or has expired. Try the next one.")
        )
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "secret": b32encode(device.bin_key).decode("ascii"),
    }
    return render(request, "core/enroll.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record_event(actor=request.user, action=AuditAction.LOGOUT, request=request)
    logout(request)
    return redirect("core:login")


@role_required()
def home_view(request: StaffRequest) -> HttpResponse:
    return render(request, "core/home.html")


def _render_profile(
    request: StaffRequest, token_form: ApiTokenForm, status: int = 200
) -> HttpResponse:
    context = {
        "roles": [Role(name).label for name in request.user.role_names],
        "tokens": request.user.api_tokens.all(),
        "token_form": token_form,
        "new_token": request.session.pop(NEW_TOKEN_SESSION_KEY, None),
        "has_2fa": user_has_device(request.user),
    }
    return render(request, "core/profile.html", context, status=status)


@login_required
def profile_view(request: StaffRequest) -> HttpResponse:
    return _render_profile(request, ApiTokenForm())


@login_required
@require_POST
def token_create_view(request: StaffRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, form, status=400)
    _token, raw = services.create_api_token(
        request.user,
        name=form.cleaned_data["name"],
        actor=request.user,
        request=request,
    )
    request.session[NEW_TOKEN_SESSION_KEY] = raw
    return redirect("core:profile")


@login_required
@require_POST
def token_revoke_view(request: StaffRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.revoke_api_token(token, actor=request.user, request=request)
    return redirect("core:profile")
