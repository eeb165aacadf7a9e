from django.contrib import admin

from orgs.models import OrgUnit
from orgs.services import do_create_unit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "name_folded", "code")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent", "predecessors")
    readonly_fields = ("path", "depth")

    def has_change_permission(self, request, obj=None):
        # The tree changes only through orgs.services (audited): a unit is corrected through
        # the API (PATCH /api/v1/orgs/{id}, with the version read), not here.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        unit = do_create_unit(
            actor=request.user, code=obj.code, name=obj.name, kind=obj.kind, parent=obj.parent,
            valid_from=obj.valid_from, valid_to=obj.valid_to,
            predecessors=list(form.cleaned_data.get("predecessors") or ()),
        )
        # The admin redirects to the object it passed in: point it at the row just written.
        obj.pk, obj.path, obj.depth = unit.pk, unit.path, unit.depth

    def save_related(self, request, form, formsets, change):
        # Predecessors were set by the service together with the unit.
        return None
