"""Admin: purposes (with their deadlines) and finding categories are edited here (they are data);
cases are read-only here, changed only through the pages and the API (vetting.services)."""

from django.contrib import admin

from vetting.models import FindingCategory, Purpose, VettingCase


@admin.register(Purpose)
class PurposeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sla_days", "recheck_months", "explanation_days",
                    "complaint_days", "valid_from", "valid_to", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        # A purpose used by a case stays (close it with valid_to instead).
        if obj is not None and obj.cases.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(FindingCategory)
class FindingCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "active", "sort_order"]
    list_editable = ["active", "sort_order"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.findings.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(VettingCase)
class VettingCaseAdmin(admin.ModelAdmin):
    list_display = ["id", "subject", "purpose", "org_unit", "status", "due_on"]
    list_filter = ["status", "purpose"]
    raw_id_fields = ["subject", "org_unit", "requesting_unit", "competent_body", "officer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
