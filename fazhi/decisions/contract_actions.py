"""The transitions of 行政协议, declared once (``core.actions`` runs them for pages, API, demo and tests).

拟签订 → 签订 → 终止, and 修改协议信息 while the contract is in force or drafted. Signing is refused while
the contract's legality review is pending or after it concluded 不合法: a contract goes to the review desk
before it binds the administration (国务院令第713号 Art 25 by analogy; 行政协议 are subjects of the same desk).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from rest_framework import serializers

from fazhi.core.api import entered_date, version_field
from fazhi.core.parts import write_history
from fazhi.core.workflow import Transition, Workflow

from .contract_forms import EditForm, SignForm, TerminateForm
from .contracts import AdministrativeContract, ContractStatus
from .models import LegalityReview, Opinion, ReviewStatus, SubjectKind


class ContractSignSerializer(serializers.Serializer):
    version = version_field()
    date = serializers.DateField(validators=[entered_date])


class ContractTerminateSerializer(serializers.Serializer):
    version = version_field()
    date = serializers.DateField(validators=[entered_date])
    reason = serializers.CharField(max_length=300)


class ContractEditSerializer(serializers.Serializer):
    version = version_field()
    title = serializers.CharField(max_length=200, required=False)
    subject = serializers.CharField(max_length=300, required=False)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal(0), required=False)
    term_start = serializers.DateField(required=False)
    term_end = serializers.DateField(required=False)


def latest_review(c: AdministrativeContract) -> LegalityReview | None:
    """The contract's most recent legality review (the desk may review a redrafted contract again)."""
    return (
        LegalityReview.objects.filter(subject_kind=SubjectKind.CONTRACT, subject_id=c.pk)
        .order_by("-received_on", "-id")
        .first()
    )


def _sign_guard(c: AdministrativeContract) -> str:
    review = latest_review(c)
    if review is None:
        return ""  # a light register: a contract the desk never saw may still be recorded as signed
    if review.status != ReviewStatus.CONCLUDED:
        return f"合法性审查（{review.number}）尚未出具意见，不能签订"
    if review.opinion == Opinion.UNLAWFUL:
        return f"合法性审查（{review.number}）意见为不合法，不能签订"
    return ""


def _sign(c: AdministrativeContract, data: dict[str, Any], ctx: Any) -> None:
    c.signed_on = data["date"]


def _terminate(c: AdministrativeContract, data: dict[str, Any], ctx: Any) -> None:
    on = data["date"]
    reason = (data.get("reason") or "").strip()
    if c.signed_on and on < c.signed_on:
        raise ValidationError({"date": "终止日期不能早于签订日期"})
    if not reason:
        raise ValidationError({"reason": "请填写终止原因"})
    c.terminated_on, c.termination_reason = on, reason
    ctx.note = reason


EDITABLE = ("title", "subject", "amount", "term_start", "term_end")


def _edit(c: AdministrativeContract, data: dict[str, Any], ctx: Any) -> None:
    """Only what was entered changes; nothing entered or nothing different saves nothing (no audit)."""
    changed = False
    for name in EDITABLE:
        value = data.get(name)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "") or getattr(c, name) == value:
            continue
        setattr(c, name, value)
        changed = True
    ctx.unchanged = not changed


CONTRACT_WORKFLOW = Workflow(
    dict(ContractStatus.choices),
    [
        Transition(
            "sign",
            "签订",
            frozenset({ContractStatus.DRAFT}),
            ContractStatus.SIGNED,
            body=_sign,
            guard=_sign_guard,
            form=SignForm,
            serializer=ContractSignSerializer,
        ),
        Transition(
            "terminate",
            "终止",
            frozenset({ContractStatus.SIGNED}),
            ContractStatus.TERMINATED,
            body=_terminate,
            form=TerminateForm,
            serializer=ContractTerminateSerializer,
            style="danger",
        ),
        Transition(
            "edit",
            "修改协议信息",
            frozenset({ContractStatus.DRAFT, ContractStatus.SIGNED}),
            None,
            body=_edit,
            form=EditForm,
            serializer=ContractEditSerializer,
            style="secondary",
        ),
    ],
    model=AdministrativeContract,
    prefix="contract",
    history=write_history,
    labels={"create": "登记行政协议"},
)
