from django.contrib import admin

from travel.models import ApprovalRule, TravelRule


@admin.register(TravelRule)
class TravelRuleAdmin(admin.ModelAdmin):
    list_display = ["report_days", "valid_from", "valid_to", "legal_basis"]


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(admin.ModelAdmin):
    list_display = ["management_level", "approving_kind", "private_needs_active_committee",
                    "valid_from", "valid_to"]
