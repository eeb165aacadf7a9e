from django.contrib import admin

from admission.models import AdmissionDocumentKind, AdmissionRule


@admin.register(AdmissionDocumentKind)
class AdmissionDocumentKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "validity_months", "required", "valid_from", "valid_to"]


@admin.register(AdmissionRule)
class AdmissionRuleAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "valid_to", "decision_days", "special_extra_days",
                    "ceremony_days", "probation_months", "legal_basis"]
