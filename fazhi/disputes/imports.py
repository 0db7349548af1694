"""Excel import/export of disputes, declared: the import (``SPEC``, run by ``fazhi.core.imports``) and the
export (``EXPORT``, written by ``fazhi.core.exports``)."""

from __future__ import annotations

from typing import Any

from fazhi.core.excel import Column
from fazhi.core.exports import Export, field, party_cells, tabular_kind
from fazhi.core.import_columns import field_columns, row_values
from fazhi.core.imports import (
    ImportSpec,
    Planned,
    party,
    party_columns,
    party_fields,
    stored_party_keys,
    unit_column,
)
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ensure_can_write

from . import filters, selectors, services
from .actions import bulk_history
from .models import UNIT_KINDS, Channel, Dispute, DisputeParty, PartyKind, Source, Status, StatusChange


def columns(actor: Any) -> list[Column]:
    return [
        unit_column("org", "事权单位", actor, UNIT_KINDS),
        *field_columns(Dispute, "source", "channel", "opened_on"),
        *field_columns(Dispute, "summary", width=30),
        *party_columns("party", "当事人"),
        Column("closed_on", "办结日期", "已办结的填写，并填写是否化解成功", kind="date"),
        *field_columns(Dispute, "resolved", "how_resolved"),
    ]


EXAMPLE = {
    "source": Source.PRE_LITIGATION,
    "channel": Channel.RESPONSIBLE_AGENCY,
    "opened_on": "2019-07-04",
    "summary": "征收补偿标准争议",
    "party_name": "张三",
    "party_kind": PartyKind.PERSON,
}


def _build(row: dict[str, Any], orgs: dict[int, OrgUnit]) -> Planned:
    """A dispute as ``services.create_dispute`` registers it (and the ``close`` action when closed)."""
    closed_on = row.get("closed_on")
    d = Dispute(
        org=orgs.get(int(row["org"])) if row.get("org") else None,
        **row_values(Dispute, row, "source", "channel", "opened_on", "summary", "closed_on", "how_resolved"),
        status=Status.CLOSED if closed_on else Status.OPEN,
        resolved=row.get("resolved") if closed_on else None,
    )
    plan = Planned(d, history=bulk_history(d))
    if row.get("party_name"):
        plan.children = [party(DisputeParty, row, "party")]
        plan.key = (plan.children[0].name, d.org_id, d.opened_on)
    return plan


SPEC = ImportSpec(
    kind="disputes",
    title="行政争议导入模板",
    model=Dispute,
    parent="dispute",
    history_model=StatusChange,
    columns=columns,
    example=EXAMPLE,
    prepare=lambda actor: {o.pk: o for o in OrgUnit.objects.filter(kind__in=UNIT_KINDS)},
    build=_build,
    fields=party_fields("party"),
    authorize=ensure_can_write,  # services.create_dispute's scope check
    numbering=services.NUMBERING,
    stored_keys=stored_party_keys(DisputeParty.objects.all(), "dispute", "opened_on"),
    key_column="party_name",
    key_stored="该当事人同日在同一单位的争议已存在（编号「{label}」），疑似重复导入",
    key_in_file="与第{row}行是同一件争议（当事人、单位、受理日期相同）",
)


# The export, declared (``core.exports``): the list's records and filters; ID and phone masked by role (RULES §9).
EXPORT = Export(
    [
        field("number", "编号"),
        field("org", "事权单位"),
        field("source", "来源"),
        field("channel", "化解渠道"),
        *party_cells("parties", "当事人"),
        field("summary", "争议概要"),
        field("opened_on", "受理日期"),
        field("status", "状态"),
        field("closed_on", "办结日期"),
        field("resolved", "是否化解成功"),
        field("how_resolved", "化解方式"),
    ],
    scoped=selectors.disputes_for,
    related=selectors.with_related,
    filterset=filters.DisputeFilterSet,
    order=("-opened_on", "-id"),
)
TABULAR = [tabular_kind("行政争议", SPEC, EXPORT)]  # ``fazhi import|export disputes``
