from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "clearance", "org_unit", "is_active")
    list_filter = ("role", "clearance", "is_active")
    search_fields = ("username", "full_name", "email")
    list_select_related = ("org_unit",)
    autocomplete_fields = ("org_unit",)
    raw_id_fields = ("person",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin"), {"fields": ("full_name", "email")}),
        (_("Phạm vi và quyền"), {"fields": ("role", "clearance", "org_unit", "include_subunits",
                                            "is_active", "is_staff", "is_superuser")}),
        # Links the user to their own personnel record: no acting on a vetting case about
        # themselves or a declared relative (vetting.services.conflict_of_interest).
        (_("Hồ sơ nhân sự của chính người dùng"), {"fields": ("person",)}),
        (_("Mốc thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "password1", "password2", "role",
                           "clearance", "org_unit", "include_subunits")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def save_model(self, request, obj, form, change):
        services.do_save_user(obj, changed=form.changed_data, created=not change,
                              actor=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    readonly_fields = ("user", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request):
        # Tokens are issued with ApiToken.issue, which shows the clear value once.
        return False
