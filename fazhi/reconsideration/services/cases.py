"""Writes of a reconsideration case: ``receive`` and one named function per transition (DESIGN.md §7).

The transitions are declared in ``reconsideration.actions`` and run by ``core.actions.run`` (lock,
role and scope, required version, table and guard, body, history row, audit event, one transaction).
These functions are the Python entry points for imports, the demo, the daily job and tests
(``version`` defaults to ``TRUSTED``: in-process code holds no stale copy); pages and the API send the
version the user read. Errors are Chinese ``ValidationError``/``PermissionDenied``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.audit.services import record, snapshot
from fazhi.core.actions import TRUSTED, available_actions, run
from fazhi.core.dates import today as local_today
from fazhi.core.pii import validate_party_ids
from fazhi.core.services import next_number
from fazhi.orgs.models import OrgUnit

from .. import deadlines
from ..actions import WORKFLOW, check_date, ensure_office
from ..models import Hearing, Party, Procedure, ReconsiderationCase, StatusChange
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
    check_date(received_on, "收到申请日期")
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


def _run(name: str, case: ReconsiderationCase, actor: Any, version: Any, request: Any, **data: Any) -> Any:
    return run(WORKFLOW, name, case, actor=actor, data=data, version=version, request=request)


def request_correction(
    case: ReconsiderationCase,
    *,
    actor: Any,
    on: date,
    items: str,
    version: Any = TRUSTED,
    request: Any = None,
) -> ReconsiderationCase:
    """通知补正 within 5 working days of receipt (Art 31)."""
    return _run("request_correction", case, actor, version, request, date=on, items=items)


def record_correction(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = TRUSTED, request: Any = None
) -> ReconsiderationCase:
    """收到补正材料: the acceptance review period restarts from this day (Art 31)."""
    return _run("record_correction", case, actor, version, request, date=on)


def serve_correction(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = TRUSTED, request: Any = None
) -> ReconsiderationCase:
    """申请人收到补正通知: the applicant's 10 working days start the next day (RULES §2, Art 31)."""
    return _run("serve_correction", case, actor, version, request, date=on)


def deem_abandoned(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = TRUSTED, request: Any = None
) -> ReconsiderationCase:
    """逾期未补正 → 视为放弃 (RULES §2, Art 31), after the applicant's period has ended."""
    return _run("deem_abandoned", case, actor, version, request, date=on)


def serve_copy(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = TRUSTED, request: Any = None
) -> ReconsiderationCase:
    """被申请人收到申请书副本: the answer period starts the next day (RULES §2, Art 48)."""
    return _run("serve_copy", case, actor, version, request, date=on)


def accept(
    case: ReconsiderationCase,
    *,
    actor: Any,
    on: date,
    procedure: str | None = None,
    version: Any = TRUSTED,
    request: Any = None,
    deemed: bool = False,
) -> ReconsiderationCase:
    """受理. After the review period ended the case was already accepted on its last day (Art 30)."""
    return _run("accept", case, actor, version, request, date=on, procedure=procedure, deemed=deemed)


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


def decline(
    case: ReconsiderationCase,
    *,
    actor: Any,
    on: date,
    reason: str,
    version: Any = TRUSTED,
    request: Any = None,
) -> ReconsiderationCase:
    """不予受理 (Art 30), within the review period; not part of ``concluded``."""
    return _run("decline", case, actor, version, request, date=on, reason=reason)


def transfer(
    case: ReconsiderationCase,
    *,
    actor: Any,
    on: date,
    transfer_to: str,
    version: Any = TRUSTED,
    request: Any = None,
) -> ReconsiderationCase:
    """告知申请人向有关行政复议机关提出 (Art 30)."""
    return _run("transfer", case, actor, version, request, date=on, transfer_to=transfer_to)


def send_copy(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = TRUSTED, request: Any = None
) -> ReconsiderationCase:
    """发送申请书副本 to the respondent (Art 48: 7 working days; Art 54: 3 in simplified procedure)."""
    return _run("send_copy", case, actor, version, request, date=on)


def record_answer(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = TRUSTED, request: Any = None
) -> ReconsiderationCase:
    """被申请人答复: the respondent's clerk or the office records the answer date (Art 48)."""
    return _run("record_answer", case, actor, version, request, date=on)


def add_hearing(
    case: ReconsiderationCase,
    *,
    actor: Any,
    held_on: date,
    notified_on: date,
    place: str = "",
    summary: str = "",
    version: Any = TRUSTED,
    request: Any = None,
) -> Hearing:
    """听证: notice at least 5 working days before the hearing (Art 51)."""
    return _run(
        "add_hearing",
        case,
        actor,
        version,
        request,
        held_on=held_on,
        notified_on=notified_on,
        place=place,
        summary=summary,
    )


def suspend(
    case: ReconsiderationCase,
    *,
    actor: Any,
    on: date,
    reason: str,
    version: Any = TRUSTED,
    request: Any = None,
) -> ReconsiderationCase:
    """中止 (Art 39). Periods never overlap: a new one starts on or after the last resumption."""
    return _run("suspend", case, actor, version, request, date=on, reason=reason)


def resume(
    case: ReconsiderationCase, *, actor: Any, on: date, version: Any = TRUSTED, request: Any = None
) -> ReconsiderationCase:
    """恢复审理: the suspended days extend the decision deadline (Art 39)."""
    return _run("resume", case, actor, version, request, date=on)


def extend(
    case: ReconsiderationCase,
    *,
    actor: Any,
    on: date,
    days: int,
    reason: str,
    version: Any = TRUSTED,
    request: Any = None,
) -> ReconsiderationCase:
    """延长审理期限: once, at most 30 days, approved before the deadline ends (Art 62)."""
    return _run("extend", case, actor, version, request, date=on, days=days, reason=reason)


def conclude(
    case: ReconsiderationCase,
    *,
    actor: Any,
    on: date,
    outcome: str,
    summary: str = "",
    version: Any = TRUSTED,
    request: Any = None,
) -> ReconsiderationCase:
    """审结 with one of the eleven outcomes of RULES.md §2; only after acceptance."""
    return _run("conclude", case, actor, version, request, date=on, outcome=outcome, summary=summary)


def allowed_actions(case: ReconsiderationCase, user: Any) -> list[str]:
    """The transitions this user may start on this case (for the detail page's buttons)."""
    return [t.name for t in available_actions(WORKFLOW, case, user)]
