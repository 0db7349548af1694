"""Every state change of a case is one named action here (DESIGN.md §7, Zulip-style).

Each action: checks permission and the transition table, locks the row (``select_for_update``),
checks the optimistic version and the date rules, saves, writes the status history row and the
audit event — all in one transaction. Errors are Chinese ``ValidationError``/``PermissionDenied``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fazhi.audit.services import diff, record, snapshot
from fazhi.core.dates import cn_date
from fazhi.core.dates import today as local_today
from fazhi.core.pii import validate_party_ids
from fazhi.core.services import bump_version, check_version, next_number
from fazhi.orgs.models import OrgUnit, Role
from fazhi.orgs.scope import ensure_can_write

from .. import deadlines, rules
from ..models import (
    WORKFLOW,
    CorrectionRequest,
    Hearing,
    Outcome,
    Party,
    Procedure,
    ReconsiderationCase,
    StatusChange,
    Suspension,
)
from ..models import Status as S

NUMBER_KIND = "reconsideration"
DEFAULT_PATTERN = "{abbr}政复〔{year}〕{seq}号"
CASE_FIELDS = [
    "channel",
    "procedure",
    "contested_act",
    "act_category",
    "field",
    "act_date",
    "request",
    "is_major",
]


def ensure_office(actor: Any, case_org: OrgUnit) -> None:
    """Acceptance, review and decision belong to the reconsideration office (司法局 staff)."""
    ensure_can_write(actor, case_org)
    if Role.BUREAU not in actor.role_codes:
        raise PermissionDenied("只有行政复议机构（司法局）工作人员可以执行此操作")


def _date(on: date | None, label: str, *, not_before: date | None = None, before_label: str = "") -> date:
    if on is None:
        raise ValidationError(f"请填写{label}")
    if on > local_today():
        raise ValidationError(f"{label}不能晚于今天")
    if not_before and on < not_before:
        raise ValidationError(f"{label}不能早于{before_label}（{cn_date(not_before)}）")
    return on


def _max_length(value: str, model: Any, name: str) -> None:
    """Every caller (page, API, import) gets a Chinese 400 rather than PostgreSQL's "value too long" 500."""
    f = model._meta.get_field(name)
    if f.max_length and len(value) > f.max_length:
        raise ValidationError({name: f"{f.verbose_name}不能超过{f.max_length}个字（现为{len(value)}个字）"})


def clean_party(data: dict[str, Any]) -> dict[str, Any]:
    """Validate one party: ID card by GB 11643 checksum, credit code by GB 32100, phone format."""
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError("当事人姓名或名称不能为空")
    kind = data.get("kind") or Party.Kind.PERSON
    if kind not in Party.Kind.values:
        raise ValidationError(f"当事人类型「{kind}」无效，应为 person 或 organization")
    role = data.get("role") or Party.Role.APPLICANT
    if role not in Party.Role.values:
        raise ValidationError(f"当事人身份「{role}」无效")
    id_number, phone = validate_party_ids(
        kind, (data.get("id_number") or "").strip(), (data.get("phone") or "").strip()
    )
    return {"name": name, "kind": kind, "role": role, "id_number": id_number, "phone": phone}


def refresh_deadline_cache(case: ReconsiderationCase, today: date | None = None) -> None:
    """Recompute the cached ``acceptance_due``/``decision_due`` from the stored dates and periods."""
    today = today or local_today()
    case.acceptance_due = deadlines.compute_acceptance_due(case, list(case.corrections.all()))
    case.decision_due = deadlines.compute_decision_due(case, list(case.suspensions.all()), today)


def refresh_open_deadlines() -> int:
    """Recompute the cached deadlines of every open case (after the holiday calendar changed)."""
    count = 0
    for case in (
        ReconsiderationCase.objects.filter(concluded_on__isnull=True)
        .prefetch_related("corrections", "suspensions")
        .iterator(chunk_size=500)
    ):
        refresh_deadline_cache(case)
        ReconsiderationCase.objects.filter(pk=case.pk).update(
            acceptance_due=case.acceptance_due, decision_due=case.decision_due
        )
        count += 1
    return count


def _lock(case: ReconsiderationCase) -> ReconsiderationCase:
    return ReconsiderationCase.objects.select_related("org").select_for_update().get(pk=case.pk)


def _finish(
    case: ReconsiderationCase,
    action: str,
    before: dict[str, Any],
    on: date,
    actor: Any,
    request: Any,
    from_status: str,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> None:
    refresh_deadline_cache(case)
    bump_version(case, actor)
    case.save()
    StatusChange.objects.create(
        case=case,
        action=action,
        from_status=from_status,
        to_status=case.status,
        on=on,
        note=note[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    changes = diff(before, snapshot(case))
    changes.update(extra or {})
    record(f"reconsideration.{action}", actor=actor, obj=case, changes=changes, request=request)


def _begin(
    case: ReconsiderationCase,
    action: str,
    actor: Any,
    version: Any,
    *,
    office: bool = True,
    system: bool = False,
) -> tuple[ReconsiderationCase, dict[str, Any], str]:
    """Lock the row, then check permission (skipped only for the system's own deemed acceptance)."""
    case = _lock(case)
    if system:
        pass
    elif office:
        ensure_office(actor, case.org)
    else:
        ensure_can_write(actor, case.org)
    check_version(case, version)
    WORKFLOW.check(case.status, action)
    return case, snapshot(case), case.status


@transaction.atomic
def receive(
    *,
    actor: Any,
    respondent: OrgUnit,
    received_on: date,
    contested_act: str,
    act_category: str,
    field: str,
    parties: Iterable[dict[str, Any]],
    procedure: str = Procedure.ORDINARY,
    channel: str = "window",
    act_date: date | None = None,
    request_text: str = "",
    is_major: bool = False,
    request: Any = None,
) -> ReconsiderationCase:
    """收到申请: register an application and give it the next case number of the government."""
    ensure_office(actor, respondent)
    _date(received_on, "收到申请日期")
    if act_date and act_date > received_on:
        raise ValidationError("行政行为作出日期不能晚于收到申请日期")
    cleaned = [clean_party(p) for p in parties]
    if not any(p["role"] == Party.Role.APPLICANT for p in cleaned):
        raise ValidationError("至少需要一名申请人")
    government = respondent.government or respondent
    seq, number = next_number(government, NUMBER_KIND, received_on.year, DEFAULT_PATTERN)
    case = ReconsiderationCase(
        org=respondent,
        number=number,
        numbering_government=government,
        year=received_on.year,
        seq=seq,
        received_on=received_on,
        contested_act=contested_act,
        act_category=act_category,
        field=field,
        procedure=procedure,
        channel=channel,
        act_date=act_date,
        request=request_text,
        is_major=is_major,
        created_by=actor,
        updated_by=actor,
    )
    case.full_clean(exclude=["number", "year", "seq"])
    case.acceptance_due = deadlines.compute_acceptance_due(case, [])
    case.save()
    Party.objects.bulk_create([Party(case=case, **p) for p in cleaned])
    StatusChange.objects.create(
        case=case, action="receive", to_status=S.RECEIVED, on=received_on, actor=actor
    )
    record(
        "reconsideration.receive",
        actor=actor,
        obj=case,
        request=request,
        changes={"case": snapshot(case), "parties": len(cleaned)},
    )
    return case


@transaction.atomic
def request_correction(
    case: ReconsiderationCase, *, actor: Any, on: date, items: str, version: Any = None, request: Any = None
) -> ReconsiderationCase:
    """通知补正 within 5 working days of receipt (Art 31)."""
    case, before, frm = _begin(case, "request_correction", actor, version)
    _date(on, "通知补正日期", not_before=case.received_on, before_label="收到申请日期")
    if not items.strip():
        raise ValidationError("请写明需要补正的事项")
    latest = rules.CORRECTION_NOTICE.due(case.received_on)
    if on > latest:
        raise ValidationError(
            f"应当自收到申请之日起五个工作日内通知补正（{cn_date(latest)}前，《行政复议法》第三十一条）"
        )
    CorrectionRequest.objects.create(case=case, requested_on=on, items=items)
    case.status = S.CORRECTION
    _finish(case, "request_correction", before, on, actor, request, frm, items)
    return case


@transaction.atomic
def record_correction(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = None, request: Any = None
) -> ReconsiderationCase:
    """收到补正材料: the acceptance review period restarts from this day (Art 31)."""
    case, before, frm = _begin(case, "record_correction", actor, version)
    pending = case.corrections.filter(corrected_on__isnull=True).last()
    _date(
        on,
        "收到补正材料日期",
        not_before=pending.requested_on if pending else None,
        before_label="通知补正日期",
    )
    if pending:
        pending.corrected_on = on
        pending.save(update_fields=["corrected_on"])
    case.status = S.RECEIVED
    _finish(case, "record_correction", before, on, actor, request, frm)
    return case


@transaction.atomic
def serve_correction(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = None, request: Any = None
) -> ReconsiderationCase:
    """申请人收到补正通知: the applicant's 10 working days start the next day (RULES §2, Art 31)."""
    case, before, frm = _begin(case, "serve_correction", actor, version)
    pending = case.corrections.filter(corrected_on__isnull=True).last()
    if pending is None:
        raise ValidationError("没有待补正的补正通知")
    if pending.served_on:
        raise ValidationError(f"补正通知已于{cn_date(pending.served_on)}送达，不能重复登记")
    _date(on, "补正通知送达日期", not_before=pending.requested_on, before_label="通知补正日期")
    pending.served_on = on
    pending.save(update_fields=["served_on"])
    _finish(
        case,
        "serve_correction",
        before,
        on,
        actor,
        request,
        frm,
        "申请人收到补正通知",
        {"correction": {"id": pending.pk, "served_on": on.isoformat()}},
    )
    return case


@transaction.atomic
def serve_copy(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = None, request: Any = None
) -> ReconsiderationCase:
    """被申请人收到申请书副本: the answer period starts the next day (RULES §2, Art 48)."""
    case, before, frm = _begin(case, "serve_copy", actor, version)
    if not case.copy_sent_on:
        raise ValidationError("申请书副本尚未发送，不能登记送达")
    if case.copy_served_on:
        raise ValidationError(f"申请书副本已于{cn_date(case.copy_served_on)}送达，不能重复登记")
    _date(on, "副本送达日期", not_before=case.copy_sent_on, before_label="发送副本日期")
    if case.answered_on and on > case.answered_on:
        raise ValidationError(f"副本送达日期不能晚于答复日期（{cn_date(case.answered_on)}）")
    case.copy_served_on = on
    _finish(case, "serve_copy", before, on, actor, request, frm, "被申请人收到申请书副本")
    return case


@transaction.atomic
def accept(
    case: ReconsiderationCase,
    *,
    actor: Any,
    on: date,
    procedure: str | None = None,
    version: Any = None,
    request: Any = None,
    deemed: bool = False,
) -> ReconsiderationCase:
    """受理. After the review period ended the case was already accepted on its last day (Art 30)."""
    case, before, frm = _begin(case, "accept", actor, version, system=deemed and actor is None)
    start = deadlines.acceptance_start(case, list(case.corrections.all()))
    _date(on, "受理日期", not_before=start, before_label="收到申请（补正）日期")
    due = case.acceptance_due
    note = ""
    if due and on > due:
        on, deemed, note = (
            due,
            True,
            f"受理审查期限于{cn_date(due)}届满，依法视为受理（《行政复议法》第三十条）",
        )
    if procedure:
        case.procedure = procedure
    case.accepted_on, case.deemed_accepted, case.status = on, deemed, S.ACCEPTED
    _finish(case, "accept", before, on, actor, request, frm, note)
    return case


def deem_accepted_cases(today: date | None = None) -> int:
    """Record Art 30's deemed acceptance for every case whose review period has ended; returns the count.

    Run daily (``manage.py reconsideration_daily``); until it runs, pages already show such a
    case as 视为受理 (``deadlines.deemed_acceptance_date``).
    """
    today = today or local_today()
    n = 0
    for case in ReconsiderationCase.objects.filter(status=S.RECEIVED, acceptance_due__lt=today):
        accept(case, actor=None, on=case.acceptance_due, deemed=True)
        n += 1
    return n


def _check_within_review(case: ReconsiderationCase, on: date, label: str) -> None:
    if case.acceptance_due and on > case.acceptance_due:
        raise ValidationError(
            f"受理审查期限已于{cn_date(case.acceptance_due)}届满，依法视为受理，不能再{label}（《行政复议法》第三十条）"
        )


@transaction.atomic
def decline(
    case: ReconsiderationCase, *, actor: Any, on: date, reason: str, version: Any = None, request: Any = None
) -> ReconsiderationCase:
    """不予受理 (Art 30), within the review period; not part of ``concluded``."""
    case, before, frm = _begin(case, "decline", actor, version)
    _date(on, "不予受理决定日期", not_before=case.received_on, before_label="收到申请日期")
    if case.status == S.RECEIVED:
        _check_within_review(case, on, "决定不予受理")
    if not reason.strip():
        raise ValidationError("请填写不予受理的理由")
    case.declined_on, case.decline_reason, case.status = on, reason, S.DECLINED
    _finish(case, "decline", before, on, actor, request, frm, reason)
    return case


@transaction.atomic
def transfer(
    case: ReconsiderationCase,
    *,
    actor: Any,
    on: date,
    transfer_to: str,
    version: Any = None,
    request: Any = None,
) -> ReconsiderationCase:
    """告知申请人向有关行政复议机关提出 (Art 30)."""
    case, before, frm = _begin(case, "transfer", actor, version)
    _date(on, "告知日期", not_before=case.received_on, before_label="收到申请日期")
    _check_within_review(case, on, "告知")
    if not transfer_to.strip():
        raise ValidationError("请填写告知向其提出申请的机关")
    _max_length(transfer_to, ReconsiderationCase, "transfer_to")
    case.transferred_on, case.transfer_to, case.status = on, transfer_to, S.TRANSFERRED
    _finish(case, "transfer", before, on, actor, request, frm, transfer_to)
    return case


@transaction.atomic
def send_copy(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = None, request: Any = None
) -> ReconsiderationCase:
    """发送申请书副本 to the respondent (Art 48: 7 working days; Art 54: 3 in simplified procedure)."""
    case, before, frm = _begin(case, "send_copy", actor, version)
    _date(on, "发送副本日期", not_before=case.accepted_on, before_label="受理日期")
    if case.copy_sent_on:
        raise ValidationError("申请书副本已发送")
    case.copy_sent_on = on
    _finish(case, "send_copy", before, on, actor, request, frm)
    return case


@transaction.atomic
def record_answer(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = None, request: Any = None
) -> ReconsiderationCase:
    """被申请人答复: the respondent's clerk or the office records the answer date (Art 48)."""
    case, before, frm = _begin(case, "record_answer", actor, version, office=False)
    _date(
        on,
        "答复日期",
        not_before=case.copy_served_on or case.copy_sent_on or case.accepted_on,
        before_label="副本送达（发送、受理）日期",
    )
    if case.answered_on:
        raise ValidationError("已登记答复")
    if not case.copy_sent_on:
        case.copy_sent_on = on  # the copy went out at the latest when the answer came back
    case.answered_on, case.status = on, S.UNDER_REVIEW
    _finish(case, "record_answer", before, on, actor, request, frm)
    return case


@transaction.atomic
def add_hearing(
    case: ReconsiderationCase,
    *,
    actor: Any,
    held_on: date,
    notified_on: date,
    place: str = "",
    summary: str = "",
    version: Any = None,
    request: Any = None,
) -> Hearing:
    """听证: notice at least 5 working days before the hearing (Art 51)."""
    case, before, frm = _begin(case, "add_hearing", actor, version)
    _date(notified_on, "听证通知日期", not_before=case.accepted_on, before_label="受理日期")
    if held_on <= notified_on:
        raise ValidationError("听证日期应晚于通知日期")
    latest = deadlines.subtract_working_days(held_on, rules.HEARING_NOTICE.days)
    if notified_on > latest:
        raise ValidationError(
            f"听证通知最迟应于{cn_date(latest)}送达：通知送达日与听证日之间至少间隔五个工作日"
            "（《行政复议法》第五十一条“五日前”）"
        )
    hearing = Hearing.objects.create(
        case=case, held_on=held_on, notified_on=notified_on, place=place, summary=summary
    )
    _finish(
        case,
        "add_hearing",
        before,
        notified_on,
        actor,
        request,
        frm,
        f"听证：{cn_date(held_on)} {place}",
        {"hearing": {"held_on": held_on.isoformat(), "notified_on": notified_on.isoformat()}},
    )
    return hearing


@transaction.atomic
def suspend(
    case: ReconsiderationCase, *, actor: Any, on: date, reason: str, version: Any = None, request: Any = None
) -> ReconsiderationCase:
    """中止 (Art 39). Periods never overlap: a new one starts on or after the last resumption."""
    case, before, frm = _begin(case, "suspend", actor, version)
    last = case.suspensions.order_by("-suspended_on").first()
    floor = max(d for d in (case.accepted_on, last.resumed_on if last else None) if d)
    _date(on, "中止日期", not_before=floor, before_label="受理日期或上次恢复审理日期")
    if not reason.strip():
        raise ValidationError("请填写中止原因")
    _max_length(reason, Suspension, "reason")
    Suspension.objects.create(case=case, suspended_on=on, reason=reason)
    case.status_before_suspension, case.status = case.status, S.SUSPENDED
    _finish(case, "suspend", before, on, actor, request, frm, reason)
    return case


@transaction.atomic
def resume(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = None, request: Any = None
) -> ReconsiderationCase:
    """恢复审理: the suspended days extend the decision deadline (Art 39)."""
    case, before, frm = _begin(case, "resume", actor, version)
    period = case.suspensions.filter(resumed_on__isnull=True).last()
    _date(on, "恢复审理日期", not_before=period.suspended_on if period else None, before_label="中止日期")
    if period:
        period.resumed_on = on
        period.save(update_fields=["resumed_on"])
    case.status, case.status_before_suspension = case.status_before_suspension or S.ACCEPTED, ""
    _finish(case, "resume", before, on, actor, request, frm)
    return case


@transaction.atomic
def extend(
    case: ReconsiderationCase,
    *,
    actor: Any,
    on: date,
    days: int,
    reason: str,
    version: Any = None,
    request: Any = None,
) -> ReconsiderationCase:
    """延长审理期限: once, at most 30 days, approved before the deadline ends (Art 62)."""
    case, before, frm = _begin(case, "extend", actor, version)
    _date(on, "批准延期日期", not_before=case.accepted_on, before_label="受理日期")
    if case.procedure == Procedure.SIMPLIFIED:
        raise ValidationError("简易程序案件不能延长审理期限；情况复杂的，应先转为普通程序")
    if case.extension_days:
        raise ValidationError("审理期限只能延长一次（《行政复议法》第六十二条）")
    if not isinstance(days, int) or not 1 <= days <= rules.MAX_EXTENSION_DAYS:
        raise ValidationError(f"延长期限应为1至{rules.MAX_EXTENSION_DAYS}日（《行政复议法》第六十二条）")
    if not reason.strip():
        raise ValidationError("请填写延期理由")
    if case.decision_due and on > case.decision_due:
        raise ValidationError(f"审理期限已于{cn_date(case.decision_due)}届满，不能再批准延期")
    case.extension_days, case.extended_on, case.extension_reason = days, on, reason
    _finish(case, "extend", before, on, actor, request, frm, f"延长{days}日：{reason}")
    return case


@transaction.atomic
def conclude(
    case: ReconsiderationCase,
    *,
    actor: Any,
    on: date,
    outcome: str,
    summary: str = "",
    version: Any = None,
    request: Any = None,
) -> ReconsiderationCase:
    """审结 with one of the eleven outcomes of RULES.md §2; only after acceptance."""
    case, before, frm = _begin(case, "conclude", actor, version)
    if outcome not in Outcome.values:
        raise ValidationError("请选择审结结果")
    _date(on, "审结日期", not_before=case.accepted_on, before_label="受理日期")
    last = case.suspensions.order_by("-suspended_on").first()
    if last and last.resumed_on and on < last.resumed_on:
        raise ValidationError("审结日期不能早于恢复审理日期")
    hearing_required = outcome not in (Outcome.WITHDRAWN, Outcome.TERMINATED, Outcome.REJECTED_APPLICATION)
    if case.is_major and hearing_required and not case.hearings.filter(held_on__lte=on).exists():
        raise ValidationError("重大、疑难、复杂案件应当组织听证后再作出决定（《行政复议法》第五十条）")
    case.concluded_on, case.outcome, case.decision_summary, case.status = on, outcome, summary, S.CONCLUDED
    _finish(case, "conclude", before, on, actor, request, frm, Outcome(outcome).label)
    return case


def allowed_actions(case: ReconsiderationCase, user: Any) -> list[str]:
    """The transitions this user may start on this case (for the detail page's buttons)."""
    if not getattr(user, "can_write_business", False):
        return []
    names = [t.name for t in WORKFLOW.allowed(case.status)]
    if Role.BUREAU not in user.role_codes:
        names = [n for n in names if n == "record_answer"]
    if case.copy_sent_on:
        names = [n for n in names if n != "send_copy"]
    if not case.copy_sent_on or case.copy_served_on or case.answered_on:
        names = [n for n in names if n != "serve_copy"]
    if (
        "serve_correction" in names
        and not case.corrections.filter(corrected_on__isnull=True, served_on__isnull=True).exists()
    ):
        names = [n for n in names if n != "serve_correction"]
    if case.extension_days or case.procedure == Procedure.SIMPLIFIED:
        names = [n for n in names if n != "extend"]
    if case.answered_on:
        names = [n for n in names if n != "record_answer"]
    return names
