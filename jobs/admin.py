from django.contrib import admin

from jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: administrators see that jobs ran (and failures), never their results."""

    list_display = ["id", "label", "owner", "status", "done", "total", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in Job._meta.fields if f.name != "result_wrapped_key"]
    exclude = ["result_wrapped_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
