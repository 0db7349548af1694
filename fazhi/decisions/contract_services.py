"""Writes of 行政协议: registering a contract with its counterparty (numbered, audited, one transaction);
every later change is a transition of ``contract_actions.CONTRACT_WORKFLOW`` run by ``core.actions.run``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core import actions
from fazhi.core.parts import clean_parties
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ensure_can_write

from .contract_actions import CONTRACT_WORKFLOW
from .contracts import AdministrativeContract, ContractParty

NUMBER_KIND = "administrative_contract"
DEFAULT_PATTERN = "{abbr}协〔{year}〕{seq}号"  # 行政协议登记编号, per government and year of registration
_NOT_A_PARTY = (OrgUnit.Kind.COURT, OrgUnit.Kind.UPPER)


@dataclass
class ContractData:
    org: OrgUnit
    title: str
    subject: str
    registered_on: date
    counterparty: Any  # a dict (or object) with kind, name, id_number, phone: ``core.parts.PartyBase``
    amount: Decimal | None = None
    term_start: date | None = None
    term_end: date | None = None


def create_contract(
    *, actor: Any, data: ContractData | dict[str, Any], request: Any = None
) -> AdministrativeContract:
    """登记行政协议 for the administrative party (``org``), with its one counterparty (相对人).
    ``actor=None`` is the command-line system (demo), audited as 系统."""
    if not isinstance(data, ContractData):
        data = ContractData(**data)
    if actor is not None:
        ensure_can_write(actor, data.org)
    errors: dict[str, str] = {}
    if data.org.kind in _NOT_A_PARTY:
        errors["org"] = "行政协议一方应为本级政府或其部门、乡镇（街道）"
    if not (data.title or "").strip():
        errors["title"] = "请填写协议名称"
    if not (data.subject or "").strip():
        errors["subject"] = "请填写协议标的"
    if not data.counterparty:
        errors["counterparty"] = "请填写协议相对人"
    if errors:
        raise ValidationError(errors)
    parties = clean_parties(
        ContractParty, [data.counterparty], AdministrativeContract, noun="相对人", field="counterparty"
    )
    c = AdministrativeContract(
        org=data.org,
        title=data.title.strip(),
        subject=data.subject.strip(),
        amount=data.amount,
        registered_on=data.registered_on,
        term_start=data.term_start,
        term_end=data.term_end,
    )
    number = (NUMBER_KIND, DEFAULT_PATTERN, data.registered_on.year)
    return actions.create(
        CONTRACT_WORKFLOW,
        c,
        actor=actor,
        request=request,
        parties=parties,
        number=number,
        on=data.registered_on,
    )
