"""Writes of 行政执法监督 and of the registers beside it (no-penalty list versions and items, recorders),
each with its audit event in one transaction (``core.actions.create``/``create_record``). The Justice
Bureau (行政执法监督机构) registers evaluations, complaints, notices and the no-penalty list; a body's clerk
answers its own (``supervision_actions``) and registers its unit's recorders."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fazhi.audit.services import record
from fazhi.core.actions import create, create_record
from fazhi.core.parts import clean_parties
from fazhi.orgs.models import Role
from fazhi.orgs.scope import ensure_can_write

from .models import EnforcementAction, EnforcementBody, NoPenaltyItem, NoPenaltyList
from .services import _pick
from .supervision import CaseReview, CaseReviewAction, Complaint, ComplaintParty, SupervisionNotice
from .supervision_actions import (
    COMPLAINT_WORKFLOW,
    NO_PENALTY_LIST_TABLE,
    NO_PENALTY_TABLE,
    NOTICE_WORKFLOW,
    RECORDER_TABLE,
    REVIEW_WORKFLOW,
)

BUREAU_MESSAGE = "行政执法监督由司法局（行政执法监督机构）办理（国办发〔2018〕118号），本单位不能登记"


def _bureau(actor: Any) -> None:
    if actor is not None and Role.BUREAU not in set(actor.role_codes):
        raise PermissionDenied(BUREAU_MESSAGE)


def _body(actor: Any, body_id: Any) -> EnforcementBody:
    if not body_id:
        raise ValidationError({"body": "请选择执法主体"})
    body = _pick(actor, EnforcementBody, [body_id], "body", "执法主体")[0]
    if actor is not None:
        ensure_can_write(actor, body.org)
    return body


def _texts(data: dict[str, Any], *names: str) -> dict[str, Any]:
    return {n: (data[n].strip() if isinstance(data[n], str) else data[n]) for n in names if n in data}


def create_case_review(*, actor: Any, data: dict[str, Any], request: Any = None) -> CaseReview:
    """案卷评查 (评查中): ``data``: body, title, reviewer, started_on, ``actions`` (ids of the body's sampled
    decisions, at least one)."""
    _bureau(actor)
    body = _body(actor, data.get("body"))
    ids = list(dict.fromkeys(getattr(i, "pk", i) for i in data.get("actions") or []))
    if not ids:
        raise ValidationError({"actions": "请选择抽查的执法决定"})
    sampled = _pick(actor, EnforcementAction, ids, "actions", "执法决定")
    foreign = [a.case_number for a in sampled if a.body_id != body.pk]
    if foreign:
        raise ValidationError({"actions": f"抽查的执法决定不属于该执法主体：{'、'.join(foreign)}"})
    r = CaseReview(org=body.org, body=body, **_texts(data, "title", "reviewer", "started_on"))
    with transaction.atomic():
        create(REVIEW_WORKFLOW, r, actor=actor, request=request, on=r.started_on)
        CaseReviewAction.objects.bulk_create([CaseReviewAction(record=r, action=a) for a in sampled])
    return r


def create_complaint(*, actor: Any, data: dict[str, Any], request: Any = None) -> Complaint:
    """执法投诉 (办理中): ``data``: body, received_on, summary, ``parties`` (the complainant)."""
    _bureau(actor)
    body = _body(actor, data.get("body"))
    c = Complaint(org=body.org, body=body, **_texts(data, "received_on", "summary"))
    c.full_clean()
    parties = clean_parties(ComplaintParty, data.get("parties") or [], Complaint)
    return create(COMPLAINT_WORKFLOW, c, actor=actor, request=request, parties=parties, on=c.received_on)


def create_notice(*, actor: Any, data: dict[str, Any], request: Any = None) -> SupervisionNotice:
    """监督意见书/建议书 (待回复): ``data``: body, kind, number, issued_on, content."""
    _bureau(actor)
    body = _body(actor, data.get("body"))
    n = SupervisionNotice(org=body.org, body=body, **_texts(data, "kind", "number", "issued_on", "content"))
    return create(NOTICE_WORKFLOW, n, actor=actor, request=request, on=n.issued_on)


# --- registers ------------------------------------------------------------------------------------


def create_no_penalty_list(*, actor: Any, data: dict[str, Any], request: Any = None) -> NoPenaltyList:
    """发布不予处罚清单版本: ``data``: org, name, published_on, in_force_from. The unit's version in force
    before this one is superseded from this one's date (its items end that day), in the same transaction."""
    _bureau(actor)
    with transaction.atomic():
        lst = create_record(NO_PENALTY_LIST_TABLE, data, actor=actor, request=request)
        start = lst.in_force_from
        later = (
            NoPenaltyList.objects.filter(org=lst.org_id, in_force_from__gt=start)
            .order_by("in_force_from")
            .values_list("in_force_from", flat=True)
            .first()
        )
        if later is not None:  # an older version entered afterwards: it ends where the next one starts
            NoPenaltyList.objects.filter(pk=lst.pk).update(superseded_on=later)
            lst.superseded_on = later
        for old in NoPenaltyList.objects.filter(
            org=lst.org_id, in_force_from__lt=start, superseded_on__isnull=True
        ).exclude(pk=lst.pk):
            ended = _supersede(old, start)
            record(
                "enforcement_no_penalty_list.supersede",
                actor=actor,
                obj=old,
                request=request,
                changes={"superseded_on": str(start), "by": lst.name, "items_ended": ended},
            )
    return lst


def _supersede(old: NoPenaltyList, on: Any) -> int:
    NoPenaltyList.objects.filter(pk=old.pk).update(superseded_on=on)
    items = NoPenaltyItem.objects.filter(list=old)
    return items.filter(in_force_until__isnull=True).update(in_force_until=on) + items.filter(
        in_force_until__gt=on
    ).update(in_force_until=on)


def create_no_penalty_item(*, actor: Any, data: dict[str, Any], request: Any = None) -> NoPenaltyItem:
    """登记清单事项 into a version (``data["list"]``): in force from the version's date and, once a later
    version supersedes it, until that date, unless the item says otherwise within them."""
    _bureau(actor)
    lst = _pick(actor, NoPenaltyList, [data.get("list")], "list", "清单版本")[0] if data.get("list") else None
    if lst is None:
        raise ValidationError({"list": "请选择清单版本"})
    values = {**data, "list": lst, "org": lst.org}
    values["in_force_from"] = data.get("in_force_from") or lst.in_force_from
    values["in_force_until"] = data.get("in_force_until") or lst.superseded_on
    return create_record(NO_PENALTY_TABLE, values, actor=actor, request=request)


def create_recorder(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    """登记执法记录仪 of a unit: ``data``: org, serial, model_name, in_service_from, in_service_to."""
    return create_record(RECORDER_TABLE, data, actor=actor, request=request)


def refresh_deadlines() -> int:
    """The holiday calendar changed: the cached due dates of complaints and notices follow (the handled
    ones too: whether they were on time is read from them)."""
    from fazhi.core.parts import refresh_cached_deadlines

    return refresh_cached_deadlines(Complaint.objects.all()) + refresh_cached_deadlines(
        SupervisionNotice.objects.all()
    )
