"""Admin: the rules (duration limits, appeal period) are editable data; records are read-only
here (changes go through the pages, which check the workflow and write the audit)."""

from django.contrib import admin

from inspections.models import AppealRule, DurationRule, Inspection, Programme


@admin.register(DurationRule)
class DurationRuleAdmin(admin.ModelAdmin):
    list_display = ["level", "max_days", "day_unit", "extension_numerator",
                    "extension_denominator", "look_back_years", "valid_from", "legal_basis"]
    list_filter = ["level"]
    ordering = ["level", "-valid_from"]


@admin.register(AppealRule)
class AppealRuleAdmin(admin.ModelAdmin):
    list_display = ["days", "day_unit", "valid_from", "legal_basis"]
    ordering = ["-valid_from"]


class ReadOnlyScopedAdmin(admin.ModelAdmin):
    """No add, change or delete here; the list follows the access policy (visible_to)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # A classified record's page would be an unlogged read: only the app's pages open it.
        if obj is not None and obj.classification:
            return False
        return super().has_view_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyScopedAdmin):
    list_display = ["year", "title", "number", "org_unit"]
    list_select_related = ["org_unit"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "kind", "type", "status", "org_unit", "deadline"]
    list_filter = ["kind", "type", "status"]
    list_select_related = ["org_unit"]
