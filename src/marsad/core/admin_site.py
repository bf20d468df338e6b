from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
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
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        return redirect(f"/login/?next={request.get_full_path()}")


class MarsadAdminConfig(AdminConfig):
    default_site = "marsad.core.admin_site.MarsadAdminSite"
