"""Excel of 行政协议, declared: the template import (``SPEC``, run by ``fazhi.core.imports``: every row
checked as ``contract_services.create_contract`` and the ``sign`` transition would, then all rows written or
none) and the export (``EXPORT``, ``core.exports``: the counterparty's ID and phone through ``party_cells``,
masked by the one rule of ``core.pii``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.excel import Column
from fazhi.core.exports import Export, field, party_cells
from fazhi.core.import_columns import field_columns, row_values
from fazhi.core.imports import (
    ImportSpec,
    Numbering,
    Planned,
    party,
    party_columns,
    party_fields,
    stored_record_keys,
    unit_column,
)
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ensure_can_write

from . import contract_selectors as selectors
from .contract_filters import ContractFilterSet
from .contract_services import DEFAULT_PATTERN, NUMBER_KIND
from .contracts import AdministrativeContract, ContractParty, ContractStatus, ContractStatusChange
from .forms import UNIT_KINDS


def columns(actor: Any) -> list[Column]:
    return [
        unit_column("org", "行政机关", actor, UNIT_KINDS),
        *field_columns(AdministrativeContract, "title", "subject", width=30),
        *party_columns("party", "相对人", required=True),
        Column("amount", "协议金额（元）", "数字，可含两位小数", width=14),
        *field_columns(AdministrativeContract, "registered_on", "term_start"),
        Column("term_end", "履行期限止", kind="date"),
        Column("signed_on", "签订日期", "已签订的填写", kind="date"),
    ]


EXAMPLE = {
    "title": "管道燃气特许经营协议",
    "subject": "城区管道燃气特许经营",
    "party_name": "示例燃气有限公司",
    "party_kind": "organization",
    "amount": "0",
    "registered_on": "2019-03-01",
    "signed_on": "2019-04-15",
}


def _amount(text: Any) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        # two decimals, as the field stores it; "1,200,000" is accepted as written in a sheet
        return Decimal(str(text).replace(",", "").strip()).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError({"amount": f"「{text}」不是金额，请填写数字"}) from None


def _build(row: dict[str, Any], orgs: dict[int, OrgUnit]) -> Planned:
    """A contract as ``create_contract`` registers it (and ``sign`` when it has a signing date)."""
    org = orgs.get(int(row["org"])) if row.get("org") else None
    if org is None:  # the cell was refused (a unit outside the user's scope); nothing more to check
        raise ValidationError({"org": "请选择本人有权填报的行政机关"})
    signed_on = row.get("signed_on")
    c = AdministrativeContract(
        org=org,
        **row_values(AdministrativeContract, row, "title", "subject", "registered_on", "term_start"),
        term_end=row.get("term_end"),
        amount=_amount(row.get("amount")),
        status=ContractStatus.SIGNED if signed_on else ContractStatus.DRAFT,
        signed_on=signed_on,
    )
    c.title, c.subject = c.title.strip(), c.subject.strip()
    history = [("create", "", ContractStatus.DRAFT, c.registered_on)]
    if signed_on:
        history.append(("sign", ContractStatus.DRAFT, ContractStatus.SIGNED, signed_on))
    return Planned(
        c,
        children=[party(ContractParty, row, "party")],
        history=history,
        key=(c.title, c.org_id, c.registered_on),
    )


SPEC = ImportSpec(
    kind="contracts",
    title="行政协议导入模板",
    model=AdministrativeContract,
    parent="contract",
    history_model=ContractStatusChange,
    columns=columns,
    example=EXAMPLE,
    prepare=lambda actor: {o.pk: o for o in OrgUnit.objects.filter(kind__in=UNIT_KINDS)},
    build=_build,
    fields=party_fields("party"),
    authorize=ensure_can_write,  # create_contract's scope check
    numbering=Numbering(NUMBER_KIND, DEFAULT_PATTERN, year=lambda c: c.registered_on.year),
    stored_keys=stored_record_keys(AdministrativeContract.objects.all(), "title", "org", "registered_on"),
    key_column="title",
    key_stored="同一行政机关同日登记的该协议已存在（编号「{label}」），疑似重复导入",
    key_in_file="与第{row}行是同一份协议（名称、行政机关、登记日期相同）",
)


# The export: the list's records, scope and filters; the counterparty's ID and phone masked by role (RULES §9).
EXPORT = Export(
    [
        field("number", "登记编号"),
        field("title", "协议名称"),
        field("org", "行政机关"),
        *party_cells("parties", "相对人"),
        field("subject", "协议标的"),
        field("amount", "协议金额（元）"),
        field("registered_on", "登记日期"),
        field("term_start", "履行期限起"),
        field("term_end", "履行期限止"),
        field("status", "状态"),
        field("signed_on", "签订日期"),
        field("terminated_on", "终止日期"),
    ],
    scoped=selectors.contracts_for,
    related=selectors.with_related,
    filterset=ContractFilterSet,
    order=("-registered_on", "-id"),
)
