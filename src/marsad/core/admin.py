from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from marsad.core import services
from marsad.core.access import signed_in_user
from marsad.core.audit import record_event, record_read
from marsad.core.enums import AuditAction, Role
from marsad.core.models import ApiToken, AuditEvent, User


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the application and never edited."""

    list_display = [
        "created_at",
        "actor_username",
        "action",
        "target_type",
        "target_repr",
        "ip_address",
    ]
    list_filter = ["action", "target_type", "created_at"]
    search_fields = ["actor_username", "target_repr", "target_id", "ip_address"]
    date_hierarchy = "created_at"
    list_select_related = ["target_type"]
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Django's user admin, with roles set and every read and write audited."""

    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Contact"), {"fields": ["phone"]}),
    )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        user = self.get_object(request, object_id)
        if user is not None and request.method == "GET":
            record_read(actor=signed_in_user(request), target=user, request=request)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(
        self, request: HttpRequest, obj: User, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        record_event(
            actor=signed_in_user(request),
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            target=obj,
            detail={"fields": sorted(form.changed_data)},
            request=request,
        )

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        """Groups chosen in the form go through `set_roles` (staff flag, audit)."""
        super().save_related(request, form, formsets, change)
        if "groups" in form.changed_data:
            roles = [
                Role(g.name)
                for g in form.instance.groups.all()
                if g.name in Role.values
            ]
            services.set_roles(
                form.instance, roles=roles, actor=signed_in_user(request)
            )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    readonly_fields = ["user", "name", "prefix", "digest", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
