from django.contrib import admin

from detector.models import Analysis


@admin.register(Analysis)
class AnalysisAdmin(admin.ModelAdmin):
    """Read-only overview for spotting trouble; no clip, no report details, no editing."""

    list_display = ["created_at", "status", "progress", "attempts", "finished_at", "expires_at"]
    list_filter = ["status"]
    fields = (
        "status",
        "progress",
        "attempts",
        "error_message",
        "created_at",
        "started_at",
        "finished_at",
        "expires_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
