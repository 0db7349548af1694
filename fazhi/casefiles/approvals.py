"""负责人审批 and 案审/合议 records of a case (issue 15 item 4), for every module that declares case files.

A step the law reserves to the head declares ``Transition(..., approval="《行政复议法》第六十二条")``; the action
runner then calls ``use_approval`` on every path (page, API, import, demo, daily job): the step runs only on
an approved, unused approval of that step by a user holding 机构负责人, and marks it used in the step's
transaction (a refused step rolls the use back). A head running the step themselves is their own approval:
it is recorded as approved by them at that moment. Who asks, who approves, when and with which opinion are
fields, each change audited on the case's trail (``<module>.approval_request`` / ``approval_decide``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.audit.services import record
from fazhi.core.actions import approval_steps, refuse_if_locked
from fazhi.core.dates import today as local_today
from fazhi.orgs.models import Role
from fazhi.orgs.scope import ensure_can_write

from .declare import CaseFiles
from .models import Approval, Deliberation

REASON_MAX = 2000


def is_head(user: Any) -> bool:
    codes = getattr(user, "role_codes", frozenset())
    return Role.HEAD in codes and Role.BUREAU in codes


def _of(model: Any, case: Any) -> Any:
    ct = ContentType.objects.get_for_model(type(case))
    return model.objects.filter(content_type=ct, object_id=case.pk)


def approvals_of(case: Any) -> Any:
    return _of(Approval, case).select_related("requested_by", "decided_by").order_by("requested_at", "id")


def deliberations_of(case: Any) -> Any:
    return _of(Deliberation, case).prefetch_related("members").order_by("held_on", "id")


def steps(cf: CaseFiles) -> list[tuple[str, str]]:
    """(name, label) of the module's steps that need the head's approval."""
    return [(t.name, t.label) for t in approval_steps(cf.label)]


def _lock(cf: CaseFiles, case: Any) -> Any:
    return cf.model._default_manager.select_for_update().select_related("org").get(pk=case.pk)


def _office(actor: Any, case: Any) -> None:
    ensure_can_write(actor, case.org, record=case)
    if Role.BUREAU not in actor.role_codes:
        raise PermissionDenied("只有复议（应诉）机构工作人员可以报请审批、登记案审合议")


def _open_approval(case: Any, step: str) -> Approval | None:
    """A request still waiting, or an approval not yet used, of ``step``."""
    return (
        _of(Approval, case)
        .filter(step=step, used_at__isnull=True)
        .exclude(decision=Approval.Decision.REJECTED)
        .first()
    )


def _summary(row: Approval) -> dict[str, Any]:
    return {
        "id": row.pk,
        "step": row.step,
        "step_label": row.step_label,
        "reason": row.reason,
        "decision": row.decision,
        "decided_by": str(row.decided_by) if row.decided_by_id else "",
        "decided_at": row.decided_at.isoformat() if row.decided_at else "",
        "opinion": row.opinion,
    }


def request_approval(
    cf: CaseFiles, case: Any, step: str, *, actor: Any, reason: str, request: Any = None
) -> Approval:
    """报请负责人审批 of ``step`` (one of the module's steps that need it) with the reason."""
    t = next((t for t in approval_steps(cf.label) if t.name == step), None)
    if t is None:
        raise ValidationError({"step": f"「{step}」不是需要负责人审批的事项"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写报请理由"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"报请理由不能超过{REASON_MAX}个字"})
    with transaction.atomic():
        locked = _lock(cf, case)
        _office(actor, locked)
        refuse_if_locked(locked)
        if locked.status not in t.sources:
            raise ValidationError(f"案件当前状态为「{locked.get_status_display()}」，不能报请「{t.label}」")
        if _open_approval(locked, step) is not None:
            raise ValidationError(f"「{t.label}」已有待审批或已批准尚未办理的报请")
        row = Approval(
            content_type=ContentType.objects.get_for_model(type(locked)),
            object_id=locked.pk,
            org=locked.org,
            step=step,
            step_label=t.label,
            reason=reason,
            requested_by=actor,
            requested_at=timezone.now(),
        )
        row.full_clean()
        row.save()
        record(
            f"{cf.label}.approval_request",
            actor=actor,
            obj=locked,
            request=request,
            changes={"approval": _summary(row)},
        )
    return row


def decide(
    cf: CaseFiles,
    case: Any,
    approval_id: Any,
    *,
    actor: Any,
    approve: bool,
    opinion: str,
    request: Any = None,
) -> Approval:
    """审批: the head approves (or refuses, with an opinion) a pending request."""
    opinion = (opinion or "").strip()
    with transaction.atomic():
        locked = _lock(cf, case)
        ensure_can_write(actor, locked.org, record=locked)
        if not is_head(actor):
            raise PermissionDenied("只有机构负责人可以审批")
        refuse_if_locked(locked)
        row = _of(Approval, locked).select_for_update().filter(pk=approval_id).first()
        if row is None:
            raise ValidationError({"approval": "该案件没有这项报请"})
        if row.decision != Approval.Decision.PENDING:
            raise ValidationError(
                f"该报请已于{timezone.localtime(row.decided_at):%Y-%m-%d %H:%M}审批，不能重复审批"
            )
        if not approve and not opinion:
            raise ValidationError({"opinion": "不予批准的，请填写审批意见"})
        row.decision = Approval.Decision.APPROVED if approve else Approval.Decision.REJECTED
        row.decided_by, row.decided_at, row.opinion = actor, timezone.now(), opinion[:REASON_MAX]
        row.full_clean()
        row.save()
        record(
            f"{cf.label}.approval_decide",
            actor=actor,
            obj=locked,
            request=request,
            changes={"approval": _summary(row)},
        )
    return row


def use_approval(case: Any, t: Any, actor: Any, data: dict[str, Any], ctx: Any) -> None:
    """The runner's check of a step declaring ``approval``: use the approved one, or refuse (Chinese)."""
    now = timezone.now()
    row = (
        _of(Approval, case)
        .select_for_update()
        .filter(step=t.name, decision=Approval.Decision.APPROVED, used_at__isnull=True)
        .order_by("id")
        .first()
    )
    if row is None:
        if actor is None or not is_head(actor):
            raise ValidationError(
                f"「{t.label}」须经机构负责人批准（{t.approval}）：请先报请负责人审批，批准后再办理",
                code="approval_required",
            )
        # The head running the step is their own approval: recorded as who and when, like any other —
        # on the officer's pending request when there is one, else as a new row.
        row = (
            _of(Approval, case)
            .select_for_update()
            .filter(step=t.name, decision=Approval.Decision.PENDING)
            .first()
        )
    if row is not None and row.decision == Approval.Decision.PENDING:
        row.decision, row.decided_by, row.decided_at, row.opinion = (
            Approval.Decision.APPROVED,
            actor,
            now,
            "负责人本人决定",
        )
    elif row is None:
        row = Approval(
            content_type=ContentType.objects.get_for_model(type(case)),
            object_id=case.pk,
            org=case.org,
            step=t.name,
            step_label=t.label,
            reason=str(data.get("reason") or "")[:REASON_MAX],
            requested_by=actor,
            requested_at=now,
            decision=Approval.Decision.APPROVED,
            decided_by=actor,
            decided_at=now,
            opinion="负责人本人决定",
        )
    row.used_at = now
    row.full_clean()
    row.save()
    ctx.extra["approval"] = _summary(row)


def add_deliberation(
    cf: CaseFiles,
    case: Any,
    *,
    actor: Any,
    kind: str,
    held_on: date,
    members: Iterable[Any] = (),
    other_participants: str = "",
    opinion: str,
    request: Any = None,
) -> Deliberation:
    """登记案审/合议: the participants who are users must be office staff who can see the case."""
    from fazhi.core.assignment import handlers

    member_ids = sorted({int(m.pk if hasattr(m, "pk") else m) for m in members})
    if held_on and held_on > local_today():
        raise ValidationError({"held_on": "案审/合议日期不能晚于今天"})
    if not member_ids and not (other_participants or "").strip():
        raise ValidationError({"members": "请填写参加人员"})
    with transaction.atomic():
        locked = _lock(cf, case)
        _office(actor, locked)
        refuse_if_locked(locked)
        people = list(handlers().filter(pk__in=member_ids))
        allowed = [u for u in people if cf.scoped(u).filter(pk=locked.pk).exists()]
        if len(allowed) != len(member_ids):
            raise ValidationError({"members": "参加人员须为能办理本案的司法局工作人员"})
        row = Deliberation(
            content_type=ContentType.objects.get_for_model(type(locked)),
            object_id=locked.pk,
            org=locked.org,
            kind=kind,
            held_on=held_on,
            other_participants=(other_participants or "").strip()[:300],
            opinion=(opinion or "").strip(),
            created_by=actor,
        )
        row.full_clean()
        row.save()
        row.members.set(allowed)
        record(
            f"{cf.label}.deliberation_add",
            actor=actor,
            obj=locked,
            request=request,
            changes={
                "deliberation": {
                    "kind": row.get_kind_display(),
                    "held_on": held_on.isoformat(),
                    "members": [str(u) for u in allowed],
                    "other_participants": row.other_participants,
                    "opinion": row.opinion,
                }
            },
        )
    return row


def approvals_for_history(model: Any, history: Iterable[Any], approver: Any) -> list[Approval]:
    """The approvals behind steps a demo (or an import of past cases) wrote without the runner: one used
    approval by ``approver`` per history row whose action needs one, dated that day (bulk, no audit)."""
    from datetime import datetime, time

    from fazhi.core.actions import audit_label

    ct = ContentType.objects.get_for_model(model)
    out = []
    for row in history:
        at = timezone.make_aware(datetime.combine(row.on, time(9)))
        out.append(
            Approval(
                content_type=ct,
                object_id=row.case_id,
                org_id=row.case.org_id,
                step=row.action,
                step_label=audit_label(f"{model._meta.app_label}.{row.action}"),
                reason=row.note or "",
                requested_by=row.actor or approver,
                requested_at=at,
                decision=Approval.Decision.APPROVED,
                decided_by=approver,
                decided_at=at,
                opinion="同意",
                used_at=at,
            )
        )
    return out
