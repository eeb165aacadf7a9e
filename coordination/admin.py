"""Admin: the agency list and the response rules are edited here (they are data); requests are
read-only here, changed only through the pages and the API (coordination.services)."""

from django.contrib import admin

from coordination.models import Agency, CoordinationRequest, ResponseRule


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "active", "sort_order"]
    list_editable = ["active", "sort_order"]
    search_fields = ["code", "name"]
    raw_id_fields = ["org_unit"]

    def has_delete_permission(self, request, obj=None):
        # An agency with requests stays (switch it off instead): the ledger keeps its history.
        if obj is not None and obj.requests.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ResponseRule)
class ResponseRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "agency", "answer_days", "escalate_after_days", "valid_from",
                    "valid_to", "legal_basis"]
    list_filter = ["kind", "agency"]


@admin.register(CoordinationRequest)
class CoordinationRequestAdmin(admin.ModelAdmin):
    list_display = ["letter_number", "direction", "kind", "agency", "org_unit", "status",
                    "due_on", "classification"]
    list_filter = ["direction", "kind", "status", "classification"]
    list_select_related = ["agency", "org_unit"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # A classified request's page would be an unlogged read: only coordination:detail opens it.
        if obj is not None and obj.classification:
            return False
        return super().has_view_permission(request, obj)
