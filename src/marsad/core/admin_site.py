from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MarsadAdminSite(admin.AdminSite):
    """The Django admin behind Marsad's own two-factor sign-in.

    Only verified (two-factor) staff get in; the admin's own login form, which would
    bypass the second factor, sends people to Marsad's sign-in instead.
    """

    site_header = _("Marsad administration")
    site_title = _("Marsad")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and request.user.is_verified()  # type: ignore[union-attr]

    def login(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        if request.user.is_authenticated and request.user.is_verified():  # type: ignore[union-attr]
            raise PermissionDenied  # signed in, but not an administrator
        query = urlencode({"next": request.GET.get("next", "/admin/")})
        return redirect(f"{reverse('core:login')}?{query}")


class MarsadAdminConfig(AdminConfig):
    default_site = "marsad.core.admin_site.MarsadAdminSite"
