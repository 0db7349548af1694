from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from fazhi.audit.services import diff, record, snapshot

from .models import OrgUnit, User


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin are audit events like any other (same transaction)."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        super().save_model(request, obj, form, change)
        record(
            f"admin.{'change' if change else 'add'}",
            actor=request.user,
            obj=obj,
            request=request,
            changes=diff(before, snapshot(obj)),
        )

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        record("admin.delete", actor=request.user, obj=obj, request=request, changes=diff(snapshot(obj), {}))
        super().delete_model(request, obj)


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["path"]
    show_full_result_count = False


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ["username", "real_name", "org", "is_active", "must_change_password"]
    list_filter = ["is_active", "groups"]
    search_fields = ["username", "real_name"]
    show_full_result_count = False
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            "单位与安全",
            {"fields": ("org", "real_name", "phone", "must_change_password", "password_changed_at")},
        ),
    )
