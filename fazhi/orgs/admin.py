"""Admin for units and accounts (系统管理员). Every save, delete and bulk action goes through
``fazhi.orgs.services``, so the 三员分立 rules and the audit trail hold here as everywhere.

No token admin is registered: tokens are stored hashed and nobody may list or mint another
user's token (knox's own admin, which can, is unregistered below).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, SetPasswordMixin, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from knox.models import AuthToken

from fazhi.audit.services import diff, record, snapshot

from . import services
from .models import ADMIN_ROLES, ROLE_BY_LABEL, OrgUnit, Role, User


class AuditedAdmin(admin.ModelAdmin):
    """Generic audited admin for configuration models (the calendar); units and accounts use the
    orgs services instead (below). Changes are audit events in the same transaction."""

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


if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


def _role_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label="角色",
        queryset=Group.objects.filter(name__in=Role.labels).order_by("id"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="系统管理员、安全管理员、审计管理员须单独设置账号，不能兼任其他角色（三员分立）。",
    )


def _role_codes(groups: Any) -> list[str]:
    return sorted(ROLE_BY_LABEL[g.name] for g in groups or () if g.name in ROLE_BY_LABEL)


class _RoleRulesMixin(forms.ModelForm):
    """Shows the service's 三员分立 and self-change rules as form errors instead of failing later."""

    actor: Any = None  # set per request by UserAdmin.get_form

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "groups" in data:
            try:
                services.check_user_change(
                    actor=self.actor,
                    user=self.instance,
                    roles=_role_codes(data["groups"]),
                    is_active=data.get("is_active"),
                )
            except ValidationError as e:
                self.add_error(None, e)
        return data


class UserCreateForm(_RoleRulesMixin, BaseUserCreationForm):
    groups = _role_field()

    class Meta(BaseUserCreationForm.Meta):
        model = User
        fields = ("username", "real_name", "org", "phone", "email", "groups")


class UserEditForm(_RoleRulesMixin, UserChangeForm):
    groups = _role_field()

    class Meta(UserChangeForm.Meta):
        model = User
        fields = ("username", "password", *services.USER_EDITABLE_FIELDS[1:], "groups")


class ResetPasswordForm(SetPasswordMixin, forms.Form):
    """An administrator sets a new password; the holder must change it at the next login."""

    required_css_class = "required"
    password1, password2 = SetPasswordMixin.create_password_fields(label1="新密码", label2="确认新密码")

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        self.validate_passwords()
        self.validate_password_for_user(self.user)
        return super().clean()


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "level", "parent", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["code", "name"]
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The code is part of every descendant's path and of case numbers: fixed once created.
        return ["code", "path"] if obj is not None else ["path"]

    def save_model(self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            fields = {k: data[k] for k in services.ORG_EDITABLE_FIELDS if k in data}
            services.update_org(actor=request.user, org=obj, fields=fields, request=request)
        else:
            extra = {k: data[k] for k in services.ORG_EDITABLE_FIELDS if k in data}
            created = services.create_org(
                actor=request.user,
                code=data["code"],
                request=request,
                **extra,
            )
            obj.pk, obj.path, obj._state.adding = created.pk, created.path, False

    def delete_model(self, request: HttpRequest, obj: OrgUnit) -> None:
        services.delete_org(actor=request.user, org=obj, request=request)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for org in queryset:
            services.delete_org(actor=request.user, org=org, request=request)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    change_password_form = ResetPasswordForm
    list_display = ["username", "real_name", "org", "is_active", "must_change_password"]
    list_filter = ["is_active", "groups"]
    search_fields = ["username", "real_name"]
    ordering = ["username"]
    show_full_result_count = False
    filter_horizontal = ()
    readonly_fields = ["password_changed_at", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("单位与角色", {"fields": ("org", "real_name", "phone", "email", "groups", "is_active")}),
        ("安全", {"fields": ("must_change_password", "password_changed_at", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "real_name",
                    "org",
                    "phone",
                    "email",
                    "groups",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.pk == request.user.pk:
            return False
        if obj is not None and set(services.roles_of(obj)) & ADMIN_ROLES:
            return False  # 三员 accounts are managed from the server console only
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        data = form.cleaned_data
        roles = _role_codes(data.get("groups"))
        if change:
            fields = {k: data[k] for k in services.USER_EDITABLE_FIELDS if k in data}
            services.update_user(actor=request.user, user=obj, fields=fields, roles=roles, request=request)
            return
        created = services.create_user(
            actor=request.user,
            username=data["username"],
            password=data["password1"],
            org=data.get("org"),
            roles=roles,
            real_name=data.get("real_name", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            request=request,
        )
        obj.pk, obj._state.adding = created.pk, False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Roles were set by the service in save_model; saving the form's m2m here would bypass it.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        services.delete_user(actor=request.user, user=obj, request=request)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        own = queryset.filter(pk=request.user.pk).exists()
        if own:
            self.message_user(request, "不能删除自己的账号，未删除任何账号", messages.ERROR)
            return
        if queryset.filter(groups__name__in=[Role(r).label for r in ADMIN_ROLES]).exists():
            self.message_user(
                request, f"{services.ADMIN_ACCOUNT_CONSOLE_ONLY}；未删除任何账号", messages.ERROR
            )
            return
        for user in queryset:
            services.delete_user(actor=request.user, user=user, request=request)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """The admin's password reset, through ``services.reset_password`` (audited, tokens revoked,
        change forced at next login). GET and invalid input use Django's page."""
        user = self.get_object(request, unquote(id))
        if user is not None and user.pk == request.user.pk:
            self.message_user(request, "修改自己的密码请使用「修改密码」页面", messages.ERROR)
            return HttpResponseRedirect(reverse("password_change"))
        if user is not None and set(services.roles_of(user)) & ADMIN_ROLES:
            self.message_user(request, services.ADMIN_ACCOUNT_CONSOLE_ONLY, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:orgs_user_change", args=(user.pk,)))
        if request.method == "POST" and user is not None and self.has_change_permission(request, user):
            form = self.change_password_form(user, request.POST)
            if form.is_valid():
                services.reset_password(
                    actor=request.user,
                    user=user,
                    new_password=form.cleaned_data["password1"],
                    request=request,
                )
                self.message_user(request, "密码已重置，该用户下次登录须修改密码", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:orgs_user_change", args=(user.pk,)))
        return super().user_change_password(request, id, form_url)
