from django.contrib import admin

from marsad.monitor.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "query",
        "is_active",
        "last_fetched_at",
        "n_fetched",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "query"]
    readonly_fields = ["state", "created_at", "last_fetched_at", "n_fetched"]
