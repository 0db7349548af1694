"""Correcting a wrongly registered case (issue 15 item 3): 作废 (void) with a reason, for any case
module — declared once here, added to a module's ``WORKFLOW`` with ``void_transition(...)``.

A voided case keeps its number (numbers are gap-free per government and year, so the number is not
reused) and its rows, history and audit events; its status becomes ``voided`` and it leaves every
figure: a module's figure querysets exclude ``live_q()``'s complement, and the list (whose filters are
the figures' drill-downs) hides voided cases unless asked for them (``status=voided``) or searched by
``q``, so a drill-down still lists exactly what its figure counts. Only a case not yet concluded can be
voided: a concluded case's outcome is never silently changed (reopen it first, with the head's approval).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from rest_framework import serializers

from .api import MAX_ID, version_field
from .dates import today as local_today
from .forms import StyledFormMixin
from .parts import both_or_neither
from .workflow import Permission, Transition

VOIDED = "voided"
VOIDED_LABEL = "已作废"
REASON_MAX = 500


def live_q(field: str = "status") -> Q:
    """The records that count: not voided."""
    return ~Q(**{field: VOIDED})


class VoidFields(models.Model):
    """The date and reason of a void (a case module's model mixes this in; its status choices gain
    ``VOIDED``)."""

    voided_on = models.DateField("作废日期", null=True, blank=True)
    void_reason = models.TextField("作废理由", blank=True)

    class Meta:
        abstract = True


def voided_constraint(prefix: str) -> models.CheckConstraint:
    return both_or_neither(
        Q(status=VOIDED),
        Q(voided_on__isnull=False),
        f"{prefix}_voided_iff_date",
        "已作废的案件须有作废日期，其他案件不能有",
    )


class VoidInput(serializers.Serializer):
    """``POST …/{id}/void/``: the reason (required) and the ``version`` the caller read."""

    reason = serializers.CharField(max_length=REASON_MAX, help_text="作废理由（如：重复登记、登记错误）")
    version = version_field()


class VoidForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="作废理由",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写作废理由"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _void(record: Any, data: dict[str, Any], ctx: Any) -> None:
    reason = (data.get("reason") or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写作废理由"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"作废理由不能超过{REASON_MAX}个字"})
    record.voided_on, record.void_reason = local_today(), reason
    ctx.on = record.voided_on
    ctx.note = f"作废：{reason}"


def void_transition(sources: Iterable[str], *, permission: Permission | None = None) -> Transition:
    """The 作废 step of a case workflow, from ``sources`` (the statuses before a conclusion); by default
    the Justice Bureau's (the office that registers cases), besides the usual write check."""
    if permission is None:
        from fazhi.orgs.models import Role

        from .actions import role_permission

        permission = role_permission({Role.BUREAU}, "只有司法局工作人员可以作废案件")
    return Transition(
        "void",
        "作废",
        frozenset(sources),
        VOIDED,
        body=_void,
        form=VoidForm,
        serializer=VoidInput,
        permission=permission,
        style="danger",
    )


def voided_notice(record: Any) -> dict[str, Any] | None:
    """``core/partials/case_notices.html``'s banner of a voided case."""
    if getattr(record, "status", None) != VOIDED:
        return None
    return {"on": record.voided_on, "reason": record.void_reason}


#: 《行政复议法》第二十条: an application within sixty days of knowing (or when one should have known) of the act.
FILING_WINDOW_DAYS = 60


def filing_window(known_on: Any, received_on: Any, reason: str = "") -> dict[str, Any] | None:
    """The late-application hint (issue 15 item 10): when an application is received after the sixty
    days of Art 20 (a last day on a holiday rolls to the next working day), the dates and the reason
    given (正当理由, Art 20 ¶2) — a warning to confirm or answer, never a refusal. None when in time or
    when the date of knowing is not recorded."""
    from datetime import timedelta

    from fazhi.workdays.calendar import CalendarMissing, calendar_deadline

    if known_on is None or received_on is None:
        return None
    try:
        due = calendar_deadline(known_on, FILING_WINDOW_DAYS)
    except CalendarMissing:
        due = known_on + timedelta(days=FILING_WINDOW_DAYS)  # no holiday table for that year: plain days
    if received_on <= due:
        return None
    return {"known_on": known_on, "received_on": received_on, "due": due, "reason": reason}


class FilingWindowSerializer(serializers.Serializer):
    """超过申请期限提示（《行政复议法》第二十条；在期限内为 null）。"""

    known_on = serializers.DateField()
    received_on = serializers.DateField()
    due = serializers.DateField(help_text="六十日申请期限届满日")
    reason = serializers.CharField(help_text="已说明的正当理由（空：尚未说明）")


# --- 更正登记信息: an edit of registration data with a reason (no status change) ---------------------


def _edit(fields: tuple[str, ...]) -> Any:
    def body(record: Any, data: dict[str, Any], ctx: Any) -> None:
        reason = (data.get("reason") or "").strip()
        if not reason:
            raise ValidationError({"reason": "请填写更正理由"})
        changed = []
        for name in fields:
            if name in data and getattr(record, name) != data[name]:
                value = data[name]
                if value is None and not record._meta.get_field(name).null:
                    value = ""
                setattr(record, name, value)
                changed.append(str(record._meta.get_field(name).verbose_name))
        if not changed:
            ctx.unchanged = True  # nothing to save: no version, no audit
            return
        ctx.on = local_today()
        ctx.note = f"更正{'、'.join(changed)}：{reason}"[:300]
        ctx.extra["reason"] = reason

    return body


def edit_transition(
    sources: Iterable[str], fields: Iterable[str], *, permission: Permission | None = None
) -> Transition:
    """更正登记信息 (issue 15 item 3) for a module's ``EDITS`` table: the registration ``fields`` given in
    the input change, with a required reason; the runner audits old and new values and the model's
    ``full_clean`` and CHECK constraints apply as on registration. The outcome and the status are never
    among ``fields``: a concluded case's outcome is not silently changed."""
    fields = tuple(fields)
    if {"status", "outcome"} & set(fields):
        raise ValueError("status/outcome change through the workflow's steps, not an edit")
    if permission is None:
        from fazhi.orgs.models import Role

        from .actions import role_permission

        permission = role_permission({Role.BUREAU}, "只有司法局工作人员可以更正登记信息")
    return Transition(
        "edit", "更正登记信息", frozenset(sources), None, body=_edit(fields), permission=permission
    )


def edit_input(model: Any, fields: Iterable[str], name: str) -> type[serializers.Serializer]:
    """The API body of ``edit_transition``: the editable fields (each optional, as the model declares
    it), the reason and the version read."""
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": [*fields, "reason", "version"],
            "extra_kwargs": {f: {"required": False} for f in fields},
        },
    )
    attrs = {
        "Meta": meta,
        "reason": serializers.CharField(max_length=REASON_MAX, help_text="更正理由"),
        "version": version_field(),
        "__doc__": "更正登记信息：只传需要更正的字段，并说明理由。",
    }
    return type(name, (serializers.ModelSerializer,), attrs)


def run_edit(
    viewset: Any, workflow: Any, input_class: type[serializers.Serializer], name: str = "edit"
) -> Any:
    """A viewset action running ``workflow``'s edit ``name`` (found in the user's scope: 404 outside it)."""
    from rest_framework.response import Response

    from .actions import run

    obj = viewset.get_object()
    ser = input_class(data=viewset.request.data)
    ser.is_valid(raise_exception=True)
    data = dict(ser.validated_data)
    version = data.pop("version", None)
    run(workflow, name, obj, actor=viewset.request.user, data=data, version=version, request=viewset.request)
    return Response(viewset.action_response(obj))


# --- 撤回审结: reopen a conclusion entered by mistake, with the head's approval ---------------------------


class ReopenInput(serializers.Serializer):
    """``POST …/{id}/reopen/``: the reason (or the approved request's) and the ``version`` read."""

    reason = serializers.CharField(
        max_length=REASON_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text="撤回理由（默认报请审批时的理由）",
    )
    version = version_field()


class ReopenForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="撤回理由",
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不填则为报请审批时的理由",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _reopen(concluding: frozenset[str], clear: Any) -> Any:
    def body(record: Any, data: dict[str, Any], ctx: Any) -> None:
        approval = ctx.extra.get("approval") or {}
        reason = (data.get("reason") or "").strip() or approval.get("reason", "")
        if not reason:
            raise ValidationError({"reason": "请填写撤回审结的理由"})
        last = record.status_changes.filter(action__in=concluding).order_by("-id").first()
        if last is None or not last.from_status:
            raise ValidationError("找不到审结前的办理状态，不能撤回审结")
        old = record.get_outcome_display() if getattr(record, "outcome", "") else ""
        ctx.extra["reopened"] = {
            "outcome": getattr(record, "outcome", ""),
            "concluded_on": record.concluded_on.isoformat() if record.concluded_on else None,
            "reason": reason,
        }
        clear(record)
        record.status = last.from_status
        ctx.on = local_today()
        ctx.note = f"撤回审结（原结果：{old or '—'}）：{reason}"[:300]

    return body


def reopen_transition(
    sources: Iterable[str],
    *,
    concluding: Iterable[str],
    clear: Any,
    approval: str,
    guard: Any = None,
    permission: Permission | None = None,
) -> Transition:
    """撤回审结 (issue 15 item 3): a conclusion entered by mistake is taken back — only through this step,
    only with the head's approval (``approval``: the basis; ``casefiles.approvals``). The case returns to the
    status it had before the step among ``concluding`` that concluded it (read from its status history);
    ``clear(record)`` empties the module's conclusion fields. The runner audits the old and new outcome and
    status, so the concluded outcome stays on the trail; the figures follow the cleared dates."""
    if permission is None:
        from fazhi.orgs.models import Role

        from .actions import role_permission

        permission = role_permission({Role.BUREAU}, "只有司法局工作人员可以撤回审结")
    return Transition(
        "reopen",
        "撤回审结（录入错误）",
        frozenset(sources),
        None,
        body=_reopen(frozenset(concluding), clear),
        guard=guard,
        form=ReopenForm,
        serializer=ReopenInput,
        permission=permission,
        style="danger",
        approval=approval,
    )


# --- 简易程序转为普通程序 (行政复议法 Art 55) ----------------------------------------------------------------


class ConvertInput(serializers.Serializer):
    """``POST …/{id}/convert-procedure/``: the date, why the simplified procedure does not fit, the version."""

    date = serializers.DateField()
    reason = serializers.CharField(max_length=REASON_MAX, required=False, allow_blank=True, default="")
    version = version_field()


class ConvertForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="转换日期")
    reason = forms.CharField(
        label="不宜适用简易程序的理由", max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_data(self) -> dict[str, Any]:
        return {"date": self.cleaned_data["on"], "reason": self.cleaned_data["reason"]}


# --- 删除附件: an attachment removed with a reason, kept on disk and on the audit trail -------------------


class LiveManager(models.Manager):
    """The default manager of a removable attachment: removed rows are left out of every read (the case's
    attachments, the case file, downloads); ``all_objects`` still reads them."""

    def get_queryset(self) -> Any:
        return super().get_queryset().filter(removed_at__isnull=True)


class RemovedFields(models.Model):
    """删除 of an attachment (issue 15 item 3): who, when, why; the row and the stored file stay."""

    removed_at = models.DateTimeField("删除时间", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="删除人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    remove_reason = models.TextField("删除理由", blank=True)

    class Meta:
        abstract = True


class AttachmentRemoveInput(serializers.Serializer):
    """删除附件：附件编号与删除理由。"""

    attachment = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="附件编号")
    reason = serializers.CharField(max_length=REASON_MAX, help_text="删除理由")


def remove_attachment(
    case: Any,
    attachment_id: Any,
    *,
    actor: Any,
    reason: str,
    prefix: str,
    model: Any,
    request: Any = None,
) -> Any:
    """删除附件: the office removes an attachment of ``case`` with a reason. The row and the file are kept (the
    file stays where it was stored, named in the audit event), the attachment leaves the case's pages and
    case file; refused on an archived case (``core.actions`` write guards) and outside the user's scope."""
    from django.db import transaction
    from django.utils import timezone

    from fazhi.audit.services import record
    from fazhi.orgs.models import Role
    from fazhi.orgs.scope import ensure_can_write

    from .actions import refuse_if_locked

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写删除理由"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"删除理由不能超过{REASON_MAX}个字"})
    with transaction.atomic():
        locked = type(case)._default_manager.select_for_update().select_related("org").get(pk=case.pk)
        ensure_can_write(actor, locked.org, record=locked)
        if Role.BUREAU not in actor.role_codes:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("只有司法局工作人员可以删除附件")
        refuse_if_locked(locked)
        att = model.all_objects.select_for_update().filter(pk=attachment_id, case=locked).first()
        if att is None:
            raise ValidationError({"attachment": "该案件没有这个附件"})
        if att.removed_at is not None:
            raise ValidationError({"attachment": "该附件已删除"})
        att.removed_at, att.removed_by, att.remove_reason = timezone.now(), actor, reason
        att.save(update_fields=["removed_at", "removed_by", "remove_reason"])
        record(
            f"{prefix}.attachment_delete",
            actor=actor,
            obj=locked,
            request=request,
            changes={
                "attachment": {
                    "id": att.pk,
                    "kind": att.get_kind_display(),
                    "filename": att.filename,
                    "stored": att.file.name,  # kept on disk: the trail names the file
                    "size": att.size,
                    "reason": reason,
                }
            },
        )
    return att


# --- 更正登记信息 as a page: a thin form over the same edit step as ``…/edit/`` -----------------------------


def edit_form(model: Any, fields: Iterable[str]) -> type[forms.ModelForm]:
    """The page form of ``edit_transition``: the model's own fields (labels, choices, types), the reason
    and the version read. The model's rules are checked once, by the runner's ``full_clean`` (errors come
    back onto their fields), not by the form on a half-built instance."""

    class EditForm(StyledFormMixin, forms.ModelForm):
        reason = forms.CharField(
            label="更正理由",
            max_length=REASON_MAX,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": "请填写更正理由"},
        )
        version = forms.IntegerField(widget=forms.HiddenInput, required=False)

        class Meta:
            pass

        def _post_clean(self) -> None:  # the runner validates the record (full_clean, CHECK constraints)
            pass

        def to_data(self) -> dict[str, Any]:
            return {name: self.cleaned_data.get(name) for name in (*self._meta.fields, "reason")}

    EditForm.Meta.model = model  # type: ignore[attr-defined]
    EditForm.Meta.fields = list(fields)  # type: ignore[attr-defined]
    return type(f"{model.__name__}EditForm", (EditForm,), {"Meta": EditForm.Meta})


def edit_page(
    request: Any, record: Any, workflow: Any, form_class: Any, *, detail_url: str, title: str
) -> Any:
    """GET: the form filled with the record; POST: ``run(workflow, "edit", …)`` with the version read —
    a refusal (validation, stale version, role) comes back onto the form in Chinese (400)."""
    from django.contrib import messages
    from django.shortcuts import redirect, render

    from .actions import errors_to_form, form_data, run

    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                run(
                    workflow,
                    "edit",
                    record,
                    actor=request.user,
                    data=form_data(form),
                    version=request.POST.get("version"),
                    request=request,
                )
            except ValidationError as e:
                errors_to_form(form, e)
            else:
                messages.success(request, "已更正登记信息")
                return redirect(detail_url)
    else:
        form = form_class(instance=record, initial={"version": record.version})
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "core/case_edit.html",
        {"form": form, "record": record, "title": title, "detail_url": detail_url},
        status=status,
    )
