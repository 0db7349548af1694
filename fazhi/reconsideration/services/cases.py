"""Writes of a reconsideration case that are not a transition (DESIGN.md §7): ``receive``, the daily
deemed acceptance and the cached deadlines.

The transitions are declared in ``reconsideration.actions`` and every caller runs them the one way:
``core.actions.run(WORKFLOW, "accept", case, actor=…, data={"date": …}, version=…)`` (lock, role and
scope, required version, table and guard, body, history row, audit event, one transaction). Pages and
the API send the version the user read; in-process code (import, demo, daily job) passes ``TRUSTED``.
Errors are Chinese ``ValidationError``/``PermissionDenied``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.audit.services import record, snapshot
from fazhi.core.actions import TRUSTED, run
from fazhi.core.dates import today as local_today
from fazhi.core.pii import validate_party_ids
from fazhi.core.services import next_number
from fazhi.orgs.models import OrgUnit

from .. import deadlines
from ..actions import WORKFLOW, check_date, ensure_office
from ..models import Party, Procedure, ReconsiderationCase, StatusChange
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


# ``Choices.values`` builds a new list on every call (an import checks 100 000 parties)
_PARTY_KINDS = frozenset(Party.Kind.values)
_PARTY_ROLES = frozenset(Party.Role.values)


def clean_party(data: dict[str, Any]) -> dict[str, Any]:
    """Validate one party: ID card by GB 11643 checksum, credit code by GB 32100, phone format."""
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError("当事人姓名或名称不能为空")
    kind = data.get("kind") or Party.Kind.PERSON
    if kind not in _PARTY_KINDS:
        raise ValidationError(f"当事人类型「{kind}」无效，应为 person 或 organization")
    role = data.get("role") or Party.Role.APPLICANT
    if role not in _PARTY_ROLES:
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


def reconsideration_body(respondent: OrgUnit) -> OrgUnit:
    """The government that handles an application (行政复议法 2023 Art 24): the respondent's own government
    for its departments and townships; for a government's own act the government one level above — when
    the platform holds it (otherwise, as before issue 16, the respondent's government)."""
    government = respondent.government or respondent
    if respondent.kind == OrgUnit.Kind.GOVERNMENT:
        return respondent.upper_government or government
    return government


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
    known_on: date | None = None,
    late_reason: str = "",
) -> ReconsiderationCase:
    """收到申请: register an application and give it the next case number of the government."""
    government = reconsideration_body(respondent)
    ensure_office(actor, respondent, ReconsiderationCase(numbering_government=government))
    check_date(received_on, "收到申请日期")
    if act_date and act_date > received_on:
        raise ValidationError("行政行为作出日期不能晚于收到申请日期")
    cleaned = [clean_party(p) for p in parties]
    if not any(p["role"] == Party.Role.APPLICANT for p in cleaned):
        raise ValidationError("至少需要一名申请人")
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
        known_on=known_on,
        late_reason=(late_reason or "").strip(),
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


def deem_accepted_cases(today: date | None = None) -> int:
    """Record Art 30's deemed acceptance for every case whose review period has ended; returns the count.

    Run daily (``manage.py reconsideration_daily``); until it runs, pages already show such a
    case as 视为受理 (``deadlines.deemed_acceptance_date``).
    """
    today = today or local_today()
    n = 0
    for case in ReconsiderationCase.objects.filter(status=S.RECEIVED, acceptance_due__lt=today):
        run(
            WORKFLOW,
            "accept",
            case,
            actor=None,
            data={"date": case.acceptance_due, "deemed": True},
            version=TRUSTED,
        )
        n += 1
    return n
