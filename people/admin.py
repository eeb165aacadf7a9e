"""Admin pages for people: a read-only index. Changes go through the pages (people.services),
and a classified record is opened only through people:detail, which asks why and logs the read."""

from django.contrib import admin

from core.textfold import fold
from people.models import NameSyllable, Person


class ReadOnlyAdmin(admin.ModelAdmin):
    """No add, change or delete here: do_* services are the only writers."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "birth_year", "sex", "org_unit", "party_status", "classification"]
    list_filter = ["party_status", "classification", "sex"]
    search_fields = ["name_folded"]
    list_select_related = ["org_unit"]
    ordering = ["name_folded"]
    show_full_result_count = False
    exclude = ["cccd_encrypted", "cccd_index"]

    def get_queryset(self, request):
        # The admin follows the same access policy as every other page.
        return super().get_queryset(request).visible_to(request.user)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    def has_view_permission(self, request, obj=None):
        # A classified record's page would be an unlogged read: only people:detail opens it.
        if obj is not None and obj.classification:
            return False
        return super().has_view_permission(request, obj)


@admin.register(NameSyllable)
class NameSyllableAdmin(ReadOnlyAdmin):
    list_display = ["text", "count"]
    search_fields = ["text"]
    ordering = ["-count"]
