"""The transitions of 行政复议, declared once (RULES.md §2): page form, API input, guard and body.

``core.actions.run`` locks the case, checks the role (the reconsideration office, except the
respondent's answer), the version, the table and the guard, runs the body, refreshes the cached
deadlines, and writes the history row (every action, with its note) and the audit event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.assignment import assign_transition
from fazhi.core.casework import ConvertForm, ConvertInput, reopen_transition, void_transition
from fazhi.core.dates import cn_date
from fazhi.core.dates import today as local_today
from fazhi.core.workflow import Transition, Workflow
from fazhi.orgs.models import OrgUnit, Role
from fazhi.orgs.scope import ensure_can_write
from fazhi.workdays import calendar

from . import deadlines, forms, rules, steps
from .inputs import (
    ReconsiderationAcceptInput,
    ReconsiderationActionInput,
    ReconsiderationConcludeInput,
    ReconsiderationDeclineInput,
    ReconsiderationExtendInput,
    ReconsiderationRequestCorrectionInput,
    ReconsiderationSuspendInput,
    ReconsiderationTransferInput,
)
from .models import (
    OPEN_STATUSES,
    CorrectionRequest,
    Hearing,
    Outcome,
    Procedure,
    ReconsiderationCase,
    StatusChange,
    Suspension,
)
from .models import Status as S

REVIEWING = frozenset({S.ACCEPTED, S.UNDER_REVIEW})


# --- shared checks --------------------------------------------------------------------------------


def ensure_office(actor: Any, case_org: OrgUnit, case: Any = None) -> None:
    """Acceptance, review and decision: the 司法局 staff of the case's handling (numbering) government."""
    ensure_can_write(actor, case_org, record=case)
    if Role.BUREAU not in actor.role_codes:
        raise PermissionDenied("只有行政复议机构（司法局）工作人员可以执行此操作")


def _office(user: Any, case: ReconsiderationCase) -> None:
    ensure_office(user, case.org, case)


def _writer(user: Any, case: ReconsiderationCase) -> None:
    ensure_can_write(user, case.org, record=case)


def check_date(
    on: date | None, label: str, *, not_before: date | None = None, before_label: str = ""
) -> date:
    if on is None:
        raise ValidationError(f"请填写{label}")
    if on > local_today():
        raise ValidationError(f"{label}不能晚于今天")
    if not_before and on < not_before:
        raise ValidationError(f"{label}不能早于{before_label}（{cn_date(not_before)}）")
    return on


def max_length(value: str, model: Any, name: str) -> None:
    """Every caller (page, API, import) gets a Chinese 400 rather than PostgreSQL's "value too long" 500."""
    f = model._meta.get_field(name)
    if f.max_length and len(value) > f.max_length:
        raise ValidationError({name: f"{f.verbose_name}不能超过{f.max_length}个字（现为{len(value)}个字）"})


def _check_within_review(case: ReconsiderationCase, on: date, label: str) -> None:
    if case.acceptance_due and on > case.acceptance_due:
        raise ValidationError(
            f"受理审查期限已于{cn_date(case.acceptance_due)}届满，依法视为受理，不能再{label}（《行政复议法》第三十条）"
        )


def _pending_correction(case: ReconsiderationCase) -> CorrectionRequest | None:
    pending = [c for c in case.corrections.all() if c.corrected_on is None]
    return max(pending, key=lambda c: c.pk) if pending else None


def history(
    case: ReconsiderationCase, before: str, action: str, on: date | None, actor: Any, note: str = ""
) -> None:
    StatusChange.objects.create(
        case=case,
        action=action,
        from_status=before,
        to_status=case.status,
        on=on,
        note=note[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _prepare(case: ReconsiderationCase) -> None:
    from .services.cases import refresh_deadline_cache

    refresh_deadline_cache(case)


# --- bodies ---------------------------------------------------------------------------------------


def _request_correction(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """通知补正 within 5 working days of receipt (Art 31)."""
    on = check_date(
        data.get("date"), "通知补正日期", not_before=case.received_on, before_label="收到申请日期"
    )
    items = (data.get("items") or "").strip()
    if not items:
        raise ValidationError("请写明需要补正的事项")
    latest = rules.CORRECTION_NOTICE.due(case.received_on)
    if on > latest:
        raise ValidationError(
            f"应当自收到申请之日起五个工作日内通知补正（{cn_date(latest)}前，《行政复议法》第三十一条）"
        )
    CorrectionRequest.objects.create(case=case, requested_on=on, items=items)
    ctx.note = items


def _record_correction(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """收到补正材料: the acceptance review period restarts from this day (Art 31)."""
    pending = _pending_correction(case)
    on = check_date(
        data.get("date"),
        "收到补正材料日期",
        not_before=pending.requested_on if pending else None,
        before_label="通知补正日期",
    )
    if pending:
        pending.corrected_on = on
        pending.save(update_fields=["corrected_on"])


def _correction_unserved(case: ReconsiderationCase) -> str:
    pending = _pending_correction(case)
    if pending is None:
        return "没有待补正的补正通知"
    if pending.served_on:
        return f"补正通知已于{cn_date(pending.served_on)}送达，不能重复登记"
    return ""


def _serve_correction(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """申请人收到补正通知: the applicant's 10 working days start the next day (RULES §2, Art 31)."""
    pending = _pending_correction(case)
    assert pending is not None  # the guard
    on = check_date(
        data.get("date"), "补正通知送达日期", not_before=pending.requested_on, before_label="通知补正日期"
    )
    pending.served_on = on
    pending.save(update_fields=["served_on"])
    ctx.note = "申请人收到补正通知"
    ctx.extra["correction"] = {"id": pending.pk, "served_on": on.isoformat()}


def _correction_period_over(case: ReconsiderationCase) -> str:
    pending = _pending_correction(case)
    if pending is None:
        return "没有待补正的补正通知"
    if pending.served_on is None:
        return "补正通知送达日期尚未登记：补正期限自申请人收到补正通知之日起计算，不能认定逾期未补正"
    return ""


def _deem_abandoned(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """无正当理由逾期不补正 → 视为申请人放弃行政复议申请 (RULES §2, 《行政复议法》第三十一条).

    Only once the applicant's period (10 working days from receiving the notice) has ended; the
    application stays counted as received (FIGURES reconsideration.received) and is never accepted.
    """
    pending = _pending_correction(case)
    assert pending is not None and pending.served_on is not None  # the guard
    on = check_date(
        data.get("date"), "认定日期", not_before=pending.served_on, before_label="补正通知送达日期"
    )
    try:
        due = rules.CORRECTION_PERIOD.due(pending.served_on)
    except calendar.CalendarMissing:
        raise ValidationError("补正期限所在年份的节假日尚未录入（日历缺失），暂不能认定逾期未补正") from None
    if on <= due:
        raise ValidationError(
            f"补正期限至{cn_date(due)}届满，期满仍未补正的，方可视为放弃（《行政复议法》第三十一条）"
        )
    case.abandoned_on = on
    ctx.note = f"补正期限于{cn_date(due)}届满，申请人无正当理由未补正，视为放弃行政复议申请（《行政复议法》第三十一条）"


def _copy_unserved(case: ReconsiderationCase) -> str:
    if not case.copy_sent_on:
        return "申请书副本尚未发送，不能登记送达"
    if case.copy_served_on:
        return f"申请书副本已于{cn_date(case.copy_served_on)}送达，不能重复登记"
    return ""


def _serve_copy(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """被申请人收到申请书副本: the answer period starts the next day (RULES §2, Art 48)."""
    on = check_date(
        data.get("date"), "副本送达日期", not_before=case.copy_sent_on, before_label="发送副本日期"
    )
    if case.answered_on and on > case.answered_on:
        raise ValidationError(f"副本送达日期不能晚于答复日期（{cn_date(case.answered_on)}）")
    case.copy_served_on = on
    ctx.note = "被申请人收到申请书副本"


def _accept(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """受理. After the review period ended the case was already accepted on its last day (Art 30)."""
    start = deadlines.acceptance_start(case, list(case.corrections.all()))
    on = check_date(data.get("date"), "受理日期", not_before=start, before_label="收到申请（补正）日期")
    deemed = bool(data.get("deemed"))
    due = case.acceptance_due
    if due and on > due:
        on, deemed = due, True
        ctx.note = f"受理审查期限于{cn_date(due)}届满，依法视为受理（《行政复议法》第三十条）"
    if data.get("procedure"):
        case.procedure = data["procedure"]
    case.accepted_on, case.deemed_accepted = on, deemed
    ctx.on = on


def _decline(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """不予受理 (Art 30), within the review period; not part of ``concluded``."""
    on = check_date(
        data.get("date"), "不予受理决定日期", not_before=case.received_on, before_label="收到申请日期"
    )
    if ctx.from_status == S.RECEIVED:
        _check_within_review(case, on, "决定不予受理")
    reason = data.get("reason") or ""
    if not reason.strip():
        raise ValidationError("请填写不予受理的理由")
    case.declined_on, case.decline_reason = on, reason
    ctx.note = reason


def _transfer(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """告知申请人向有关行政复议机关提出 (Art 30)."""
    on = check_date(data.get("date"), "告知日期", not_before=case.received_on, before_label="收到申请日期")
    _check_within_review(case, on, "告知")
    transfer_to = data.get("transfer_to") or ""
    if not transfer_to.strip():
        raise ValidationError("请填写告知向其提出申请的机关")
    max_length(transfer_to, ReconsiderationCase, "transfer_to")
    case.transferred_on, case.transfer_to = on, transfer_to
    ctx.note = transfer_to


def _copy_unsent(case: ReconsiderationCase) -> str:
    return "申请书副本已发送" if case.copy_sent_on else ""


def _send_copy(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """发送申请书副本 to the respondent (Art 48: 7 working days; Art 54: 3 in simplified procedure)."""
    case.copy_sent_on = check_date(
        data.get("date"), "发送副本日期", not_before=case.accepted_on, before_label="受理日期"
    )


def _not_answered(case: ReconsiderationCase) -> str:
    return "已登记答复" if case.answered_on else ""


def _record_answer(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """被申请人答复: the respondent's clerk or the office records the answer date (Art 48)."""
    on = check_date(
        data.get("date"),
        "答复日期",
        not_before=case.copy_served_on or case.copy_sent_on or case.accepted_on,
        before_label="副本送达（发送、受理）日期",
    )
    if not case.copy_sent_on:
        case.copy_sent_on = on  # the copy went out at the latest when the answer came back
    case.answered_on = on


def _add_hearing(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """听证: notice at least 5 working days before the hearing (Art 51)."""
    notified_on = check_date(
        data.get("notified_on"), "听证通知日期", not_before=case.accepted_on, before_label="受理日期"
    )
    held_on: date = data["held_on"]
    if held_on <= notified_on:
        raise ValidationError("听证日期应晚于通知日期")
    latest = deadlines.subtract_working_days(held_on, rules.HEARING_NOTICE.days)
    if notified_on > latest:
        raise ValidationError(
            f"听证通知最迟应于{cn_date(latest)}送达：通知送达日与听证日之间至少间隔五个工作日"
            "（《行政复议法》第五十一条“五日前”）"
        )
    place = data.get("place") or ""
    ctx.result = Hearing.objects.create(
        case=case, held_on=held_on, notified_on=notified_on, place=place, summary=data.get("summary") or ""
    )
    ctx.on, ctx.note = notified_on, f"听证：{cn_date(held_on)} {place}"
    ctx.extra["hearing"] = {"held_on": held_on.isoformat(), "notified_on": notified_on.isoformat()}


def _suspend(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """中止 (Art 39). Periods never overlap: a new one starts on or after the last resumption."""
    last = case.suspensions.order_by("-suspended_on").first()
    floor = max(d for d in (case.accepted_on, last.resumed_on if last else None) if d)
    on = check_date(data.get("date"), "中止日期", not_before=floor, before_label="受理日期或上次恢复审理日期")
    reason = data.get("reason") or ""
    if not reason.strip():
        raise ValidationError("请填写中止原因")
    max_length(reason, Suspension, "reason")
    Suspension.objects.create(case=case, suspended_on=on, reason=reason)
    case.status_before_suspension = ctx.from_status
    ctx.note = reason


def _resume(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """恢复审理: the suspended days extend the decision deadline (Art 39)."""
    period = case.suspensions.filter(resumed_on__isnull=True).last()
    on = check_date(
        data.get("date"),
        "恢复审理日期",
        not_before=period.suspended_on if period else None,
        before_label="中止日期",
    )
    if period:
        period.resumed_on = on
        period.save(update_fields=["resumed_on"])
    case.status, case.status_before_suspension = case.status_before_suspension or S.ACCEPTED, ""


def _extendable(case: ReconsiderationCase) -> str:
    if case.procedure == Procedure.SIMPLIFIED:
        return "简易程序案件不能延长审理期限；情况复杂的，应先转为普通程序"
    if case.extension_days:
        return "审理期限只能延长一次（《行政复议法》第六十二条）"
    return ""


def _extend(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """延长审理期限: once, at most 30 days, approved before the deadline ends (Art 62)."""
    on = check_date(data.get("date"), "批准延期日期", not_before=case.accepted_on, before_label="受理日期")
    days = data.get("days")
    reason = data.get("reason") or ""
    if not isinstance(days, int) or not 1 <= days <= rules.MAX_EXTENSION_DAYS:
        raise ValidationError(f"延长期限应为1至{rules.MAX_EXTENSION_DAYS}日（《行政复议法》第六十二条）")
    if not reason.strip():
        raise ValidationError("请填写延期理由")
    if case.decision_due and on > case.decision_due:
        raise ValidationError(f"审理期限已于{cn_date(case.decision_due)}届满，不能再批准延期")
    case.extension_days, case.extended_on, case.extension_reason = days, on, reason
    ctx.note = f"延长{days}日：{reason}"


def _conclude(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """审结 with one of the eleven outcomes of RULES.md §2; only after acceptance."""
    outcome = data.get("outcome") or ""
    if outcome not in Outcome.values:
        raise ValidationError("请选择审结结果")
    on = check_date(data.get("date"), "审结日期", not_before=case.accepted_on, before_label="受理日期")
    last = case.suspensions.order_by("-suspended_on").first()
    if last and last.resumed_on and on < last.resumed_on:
        raise ValidationError("审结日期不能早于恢复审理日期")
    hearing_required = outcome not in (Outcome.WITHDRAWN, Outcome.TERMINATED, Outcome.REJECTED_APPLICATION)
    if case.is_major and hearing_required and not case.hearings.filter(held_on__lte=on).exists():
        raise ValidationError("重大、疑难、复杂案件应当组织听证后再作出决定（《行政复议法》第五十条）")
    case.concluded_on, case.outcome, case.decision_summary = on, outcome, data.get("summary") or ""
    ctx.note = Outcome(outcome).label


WORKFLOW = Workflow(
    dict(S.choices),
    [
        Transition(
            "accept",
            "受理",
            frozenset({S.RECEIVED}),
            S.ACCEPTED,
            body=_accept,
            form=forms.AcceptForm,
            serializer=ReconsiderationAcceptInput,
            style="success",
        ),
        Transition(
            "request_correction",
            "通知补正",
            frozenset({S.RECEIVED}),
            S.CORRECTION,
            body=_request_correction,
            form=forms.CorrectionForm,
            serializer=ReconsiderationRequestCorrectionInput,
            style="secondary",
        ),
        Transition(
            "record_correction",
            "收到补正材料",
            frozenset({S.CORRECTION}),
            S.RECEIVED,
            body=_record_correction,
            form=forms.ActionForm,
            serializer=ReconsiderationActionInput,
        ),
        Transition(
            "deem_abandoned",
            "视为放弃（逾期未补正）",
            frozenset({S.CORRECTION}),
            S.ABANDONED,
            body=_deem_abandoned,
            guard=_correction_period_over,
            form=forms.ActionForm,
            serializer=ReconsiderationActionInput,
            style="danger",
        ),
        Transition(
            "decline",
            "不予受理",
            frozenset({S.RECEIVED, S.CORRECTION}),
            S.DECLINED,
            body=_decline,
            form=forms.DeclineForm,
            serializer=ReconsiderationDeclineInput,
            style="danger",
        ),
        Transition(
            "transfer",
            "告知向有关机关提出",
            frozenset({S.RECEIVED}),
            S.TRANSFERRED,
            body=_transfer,
            form=forms.TransferForm,
            serializer=ReconsiderationTransferInput,
            style="secondary",
        ),
        Transition(
            "serve_correction",
            "登记补正通知送达",
            frozenset({S.CORRECTION}),
            None,
            body=_serve_correction,
            guard=_correction_unserved,
            form=forms.ActionForm,
            serializer=ReconsiderationActionInput,
            style="secondary",
        ),
        Transition(
            "send_copy",
            "发送申请书副本",
            REVIEWING,
            None,
            body=_send_copy,
            guard=_copy_unsent,
            form=forms.ActionForm,
            serializer=ReconsiderationActionInput,
        ),
        Transition(
            "serve_copy",
            "登记副本送达",
            REVIEWING | {S.SUSPENDED},
            None,
            body=_serve_copy,
            guard=_copy_unserved,
            # Once answered, the service date may still be entered through the API (not after the answer).
            offer=lambda case: not case.answered_on,
            form=forms.ActionForm,
            serializer=ReconsiderationActionInput,
            style="secondary",
        ),
        Transition(
            "record_answer",
            "登记答复",
            REVIEWING,
            S.UNDER_REVIEW,
            body=_record_answer,
            guard=_not_answered,
            permission=_writer,
            form=forms.ActionForm,
            serializer=ReconsiderationActionInput,
        ),
        Transition(
            "add_hearing",
            "安排听证",
            REVIEWING,
            None,
            body=_add_hearing,
            form=forms.HearingForm,
            style="secondary",
        ),
        Transition(
            "suspend",
            "中止审理",
            REVIEWING,
            S.SUSPENDED,
            body=_suspend,
            form=forms.SuspendForm,
            serializer=ReconsiderationSuspendInput,
            style="warning",
            approval=steps.APPROVAL_SUSPEND,
        ),
        Transition(
            "resume",
            "恢复审理",
            frozenset({S.SUSPENDED}),
            None,
            body=_resume,
            form=forms.ActionForm,
            serializer=ReconsiderationActionInput,
        ),
        Transition(
            "extend",
            "延长审理期限",
            REVIEWING | {S.SUSPENDED},
            None,
            body=_extend,
            guard=_extendable,
            form=forms.ExtendForm,
            serializer=ReconsiderationExtendInput,
            style="secondary",
            approval=steps.APPROVAL_EXTEND,
        ),
        Transition(
            "conclude",
            "审结",
            REVIEWING,
            S.CONCLUDED,
            body=_conclude,
            form=forms.ConcludeForm,
            serializer=ReconsiderationConcludeInput,
            style="success",
            approval=steps.APPROVAL_DECISION,
        ),
        Transition(
            "convert_procedure",
            "转为普通程序",
            REVIEWING | {S.SUSPENDED},
            None,
            body=steps.convert_procedure,
            guard=steps.convertible,
            form=ConvertForm,
            serializer=ConvertInput,
            style="secondary",
            approval=steps.APPROVAL_CONVERT,
        ),
        reopen_transition(
            {S.CONCLUDED},
            concluding={"conclude"},
            clear=steps.clear_conclusion,
            approval=steps.APPROVAL_REOPEN,
        ),
        void_transition({S.RECEIVED, S.CORRECTION, S.TRANSFERRED, S.ABANDONED, *OPEN_STATUSES}),
        assign_transition({S.RECEIVED, S.CORRECTION, *OPEN_STATUSES}),
    ],
    model=ReconsiderationCase,
    prefix="reconsideration",
    history=history,
    history_always=True,
    permission=_office,
    prepare=_prepare,
    labels={
        "receive": "收到申请",
        "attachment_add": "上传附件",
        "import": "Excel导入",
        "export": "导出",
        "demo_load": "载入演示数据",
    },
)
