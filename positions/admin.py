from django.contrib import admin

from positions.models import Catalogue, CeilingRule, Holding, Position


@admin.register(CeilingRule)
class CeilingRuleAdmin(admin.ModelAdmin):
    list_display = ["phrase", "level", "valid_from", "valid_to", "active"]


@admin.register(Catalogue)
class CatalogueAdmin(admin.ModelAdmin):
    list_display = ["decision_number", "org_unit", "valid_from", "valid_to", "classification"]
    readonly_fields = ["valid_to", "supersedes"]


admin.site.register(Position)
admin.site.register(Holding)
