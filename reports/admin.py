"""Admin: issued reports are read-only here (frozen; written only by reports.services)."""

from django.contrib import admin

from reports.models import IssuedFile, IssuedReport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IssuedFileInline(admin.TabularInline):
    model = IssuedFile
    fields = ["fmt", "filename", "size", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IssuedReport)
class IssuedReportAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "org_unit", "date_from", "date_to", "as_of", "issued_on",
                    "classification", "issued_by"]
    list_filter = ["kind", "classification"]
    search_fields = ["number", "title"]
    inlines = [IssuedFileInline]
