"""承办人 and 协办人 of a case (issue 15 item 4), for any case module: the fields (``AssignmentFields``),
the step that sets them (``assign_transition``: ``POST …/cases/{id}/assign/`` with ``handler``, optional
``co_handler`` and the ``version`` read; no status change, audited with old and new values by the
runner) and the list's "my cases" filter (``MineFilter``).

Who may be assigned: an active user of the Justice Bureau (the reconsideration office handles the
cases) who can see the case — checked against the module's own scoped queryset, so a user of another
government is refused like a case outside scope. Who assigns: the bureau (``role_permission``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from rest_framework import serializers

from .api import version_field
from .dates import today as local_today
from .forms import StyledFormMixin
from .workflow import Permission, Transition


class AssignmentFields(models.Model):
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    co_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="协办人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_on = models.DateField("分案日期", null=True, blank=True)

    class Meta:
        abstract = True


def handlers() -> QuerySet:
    """Everyone who may handle a case: active Justice Bureau staff (their government is checked per case)."""
    from fazhi.orgs.models import Role, User

    return User.objects.filter(is_active=True, groups__name=Role.BUREAU.label).order_by("org_id", "id")


def handler_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or getattr(user, "name", "") or user.username


class AssignInput(serializers.Serializer):
    handler = serializers.IntegerField(help_text="承办人的用户 ID（司法局工作人员）")
    co_handler = serializers.IntegerField(
        required=False, allow_null=True, help_text="协办人的用户 ID（可空）"
    )
    version = version_field()


class AssignForm(StyledFormMixin, forms.Form):
    handler = forms.TypedChoiceField(label="承办人", coerce=int, error_messages={"required": "请选择承办人"})
    co_handler = forms.TypedChoiceField(label="协办人", coerce=int, required=False, empty_value=None)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One query for both pickers (the office's staff: a few dozen per government).
        people = [
            (u.pk, f"{handler_name(u)}（{u.org.name if u.org_id else ''}）")
            for u in handlers().select_related("org")
        ]
        self.fields["handler"].choices = [("", "请选择"), *people]
        self.fields["co_handler"].choices = [("", "（无）"), *people]


def _pick(record: Any, user_id: Any, label: str) -> Any:
    if user_id in (None, ""):
        return None
    user = handlers().filter(pk=user_id).first()
    if user is None or not type(record).objects.visible_to(user).filter(pk=record.pk).exists():
        raise ValidationError({label: "该用户不存在、不是司法局工作人员或无权办理本案"})
    return user


def _assign(record: Any, data: dict[str, Any], ctx: Any) -> None:
    handler = _pick(record, data.get("handler"), "handler")
    if handler is None:
        raise ValidationError({"handler": "请选择承办人"})
    co_handler = _pick(record, data.get("co_handler"), "co_handler")
    if co_handler is not None and co_handler.pk == handler.pk:
        raise ValidationError({"co_handler": "协办人不能与承办人为同一人"})
    if (record.handler_id, record.co_handler_id) == (handler.pk, getattr(co_handler, "pk", None)):
        ctx.unchanged = True
        return
    previous = {pk for pk in (record.handler_id, record.co_handler_id) if pk}
    record.handler, record.co_handler, record.assigned_on = handler, co_handler, local_today()
    ctx.on = record.assigned_on
    ctx.note = f"承办人：{handler_name(handler)}" + (
        f"；协办人：{handler_name(co_handler)}" if co_handler else ""
    )
    ctx.extra["assigned"] = {"handler": handler.pk, "co_handler": getattr(co_handler, "pk", None)}
    _notify_assigned(record, handler, co_handler, previous, getattr(ctx, "actor", None))


def _record_url(record: Any) -> str:
    from django.urls import reverse

    from fazhi.casefiles.registry import for_record

    cf = for_record(record)
    return reverse(cf.detail, args=[record.pk]) if cf else ""


def _notify_assigned(record: Any, handler: Any, co_handler: Any, previous: set[int], actor: Any) -> None:
    """站内通知 to whoever is newly 承办人 or 协办人 (not to the one assigning themselves), in the step's
    transaction (issue 15 item 9)."""
    from fazhi.notifications.models import Kind
    from fazhi.notifications.services import notify

    url = _record_url(record)
    for user, role in ((handler, "承办人"), (co_handler, "协办人")):
        if user is None or user.pk in previous or (actor is not None and actor.pk == user.pk):
            continue
        notify([user], Kind.ASSIGNMENT, f"新分案：您被指定为{record}的{role}", url)


def assign_transition(sources: Iterable[str], *, permission: Permission | None = None) -> Transition:
    """The 分案 step (no status change) of a case workflow; the bureau's by default."""
    if permission is None:
        from fazhi.orgs.models import Role

        from .actions import role_permission

        permission = role_permission({Role.BUREAU}, "只有司法局工作人员可以分案")
    return Transition(
        "assign",
        "分案（承办人、协办人）",
        frozenset(sources),
        None,
        body=_assign,
        form=AssignForm,
        serializer=AssignInput,
        permission=permission,
        style="secondary",
    )


def mine_for(record: Any, user: Any) -> bool | None:
    """``WorkItem.mine``: True for the record's 承办人/协办人, False for others once it is assigned, None
    while it is not (everyone who may act on it is reminded)."""
    handler_id, co_id = getattr(record, "handler_id", None), getattr(record, "co_handler_id", None)
    if user is None or (handler_id is None and co_id is None):
        return None
    return user.pk in (handler_id, co_id)


def mine_q(user: Any) -> Q:
    return Q(handler=user) | Q(co_handler=user)


class MineFilter(django_filters.ChoiceFilter):
    """``mine=1``: the cases the user handles or assists (我的案件)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "我的案件")
        super().__init__(choices=[("1", "我承办或协办的")], empty_label="全部", **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        user = getattr(self.parent, "user", None)
        if value != "1" or user is None:
            return qs
        return qs.filter(mine_q(user))
