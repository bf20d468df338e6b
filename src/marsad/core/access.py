"""View decorators that gate pages by role (the JSON API has its own, in `api`)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from marsad.core.enums import Role
from marsad.core.models import User
from marsad.core.navigation import has_any_role

View = Callable[..., HttpResponseBase]


class StaffRequest(HttpRequest):
    """A request behind `login_required`: its user is a signed-in `User`."""

    user: User


def signed_in_user(request: HttpRequest) -> User:
    """The request's user, for code that runs only behind a sign-in check."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def role_required(*roles: Role) -> Callable[[View], View]:
    """Allow users holding one of `roles` (any role when none is named).

    A user without any role is sent to their profile, the only page they may see.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(
            request: StaffRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            user = request.user
            if not has_any_role(user):
                return redirect("core:profile")
            if (
                roles
                and not user.is_superuser
                and not set(roles) & set(user.role_names)
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
