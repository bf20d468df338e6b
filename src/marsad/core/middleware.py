from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp import user_has_device

# Pages a signed-in user may open before finishing two-factor login.
OPEN_BEFORE_2FA = {"core:verify", "core:enroll", "core:logout", "set_language"}


class TwoFactorRequiredMiddleware:
    """Holds a password-only session at the two-factor step.

    After the password, a user has a session but is not verified; every page but the
    two-factor ones sends them to enter a code, or to set up an authenticator first.
    The JSON API authenticates by token and is left to its own auth.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], *args: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[union-attr]
            return None
        match = request.resolver_match
        if match is None or match.view_name in OPEN_BEFORE_2FA:
            return None
        if match.route.startswith("api/") or request.path.startswith("/static/"):
            return None
        step = "core:verify" if user_has_device(user) else "core:enroll"
        return redirect(step)
