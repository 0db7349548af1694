"""Writes of 行政执法, each with its audit event in one transaction. Bodies and officers are declared
(``core.actions.create_record``); a decision is registered by ``create_action`` (its body, officers and
legality review checked against what the actor may see, then its problems flagged in the same pass)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.actions import create, create_record
from fazhi.core.parts import clean_parties
from fazhi.orgs.scope import ensure_can_write

from . import problems
from .actions import BODY_WORKFLOW, OFFICER_WORKFLOW, WORKFLOW
from .models import ActionOfficer, ActionParty, EnforcementAction, EnforcementBody, Officer

ACTION_FIELDS = (
    "action_type",
    "case_number",
    "filed_on",
    "decided_on",
    "served_on",
    "penalty_kind",
    "penalty_amount",
    "is_major",
    "recordings",
)


def create_body(*, actor: Any, data: dict[str, Any], request: Any = None) -> EnforcementBody:
    """登记执法主体 (待确认); ``data``: org, name, kind, legal_basis, fields, powers."""
    return create_record(BODY_WORKFLOW, data, actor=actor, request=request)


def create_officer(*, actor: Any, data: dict[str, Any], request: Any = None) -> Officer:
    """登记执法人员; ``data``: org, name, id_number (checksum-validated), in_post, field."""
    return create_record(OFFICER_WORKFLOW, data, actor=actor, request=request)


def _pick(actor: Any, model: Any, ids: list[Any], field: str, noun: str) -> list[Any]:
    ids = [getattr(i, "pk", i) for i in ids]
    qs = model.objects.visible_to(actor) if actor is not None else model.objects.all()
    found = {o.pk: o for o in qs.filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError({field: f"{noun}不存在或无权查看：{'、'.join(missing)}"})
    return [found[i] for i in ids]


def _review(actor: Any, review_id: Any) -> Any:
    """The legality review of a major decision, on the one desk (subject kind ``enforcement``), not yet
    linked to another decision."""
    from fazhi.decisions.models import LegalityReview, SubjectKind
    from fazhi.decisions.selectors import reviews_for

    if not review_id:
        return None
    qs = reviews_for(actor) if actor is not None else LegalityReview.objects.all()
    r = qs.filter(pk=getattr(review_id, "pk", review_id)).first()
    if r is None:
        raise ValidationError({"review": "法制审核事项不存在或无权查看"})
    if r.subject_kind != SubjectKind.ENFORCEMENT:
        raise ValidationError({"review": "该审查事项不是重大执法决定法制审核"})
    if r.subject_id is not None:
        raise ValidationError({"review": "该法制审核已关联其他执法决定"})
    return r


def create_action(*, actor: Any, data: dict[str, Any], request: Any = None) -> EnforcementAction:
    """登记行政执法决定. ``data``: body (id), the model's fields, ``officers`` (ids), ``parties``, and
    ``review`` (a legality review's id, for a major decision). A breach of the three systems does not
    refuse the decision: it is kept and flagged (``problems``)."""
    body = (
        _pick(actor, EnforcementBody, [data.get("body")], "body", "执法主体")[0] if data.get("body") else None
    )
    if body is None:
        raise ValidationError({"body": "请选择执法主体"})
    if actor is not None:
        ensure_can_write(actor, body.org)
    officers = _pick(actor, Officer, list(dict.fromkeys(data.get("officers") or [])), "officers", "执法人员")
    review = _review(actor, data.get("review"))
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in ACTION_FIELDS}
    values["penalty_kind"] = values.get("penalty_kind") or ""
    a = EnforcementAction(org=body.org, body=body, **values)
    problems.set_deadlines(a)
    a.full_clean(validate_unique=False)
    parties = clean_parties(ActionParty, data.get("parties") or [], EnforcementAction)
    with transaction.atomic():
        if EnforcementAction.objects.filter(body=body, case_number=a.case_number).exists():
            raise ValidationError({"case_number": "该执法主体已有相同案号的执法决定"})
        create(WORKFLOW, a, actor=actor, request=request, parties=parties, on=a.decided_on)
        ActionOfficer.objects.bulk_create([ActionOfficer(record=a, officer=o) for o in officers])
        if review is not None:
            type(review).objects.filter(pk=review.pk).update(subject_id=a.pk)
        problems.refresh([a], {a.pk: [o.pk for o in officers]})
    return a
