"""Excel import/export of disputes; the import is a declaration (``SPEC``) run by ``fazhi.core.imports``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fazhi.core.dates import cn_date
from fazhi.core.excel import Column, write_export
from fazhi.core.imports import (
    ImportResult,
    ImportSpec,
    Numbering,
    Planned,
    party,
    party_columns,
    party_fields,
    run,
    stored_party_keys,
    unit_column,
)
from fazhi.core.pii import shown
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ensure_can_write

from . import services
from .forms import UNIT_KINDS
from .models import Channel, Dispute, DisputeParty, PartyKind, Source, Status, StatusChange

TITLE = "行政争议导入模板"


def columns(actor: Any) -> list[Column]:
    return [
        unit_column("org", "事权单位", actor, UNIT_KINDS),
        Column("source", "来源", required=True, kind="choice", choices=list(Source.choices)),
        Column("channel", "化解渠道", required=True, kind="choice", choices=list(Channel.choices)),
        Column("opened_on", "受理日期", required=True, kind="date"),
        Column("summary", "争议概要", required=True, width=30),
        *party_columns("party", "当事人"),
        Column("closed_on", "办结日期", "已办结的填写，并填写是否化解成功", kind="date"),
        Column("resolved", "是否化解成功", kind="bool"),
        Column("how_resolved", "化解方式"),
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
    """A dispute as ``services.create_dispute`` registers it (and ``close_dispute`` when closed)."""
    closed_on = row.get("closed_on")
    d = Dispute(
        org=orgs.get(int(row["org"])) if row.get("org") else None,
        source=row.get("source") or "",
        channel=row.get("channel") or "",
        opened_on=row.get("opened_on"),
        summary=(row.get("summary") or "").strip(),
        status=Status.CLOSED if closed_on else Status.OPEN,
        closed_on=closed_on,
        resolved=row.get("resolved") if closed_on else None,
        how_resolved=(row.get("how_resolved") or "").strip(),
    )
    steps = [("create", "", Status.OPEN, d.opened_on), ("close", Status.OPEN, Status.CLOSED, closed_on)]
    plan = Planned(d, history=steps[: 2 if closed_on else 1])
    if row.get("party_name"):
        plan.children = [party(DisputeParty, row, "party")]
        plan.key = (plan.children[0].name, d.org_id, d.opened_on)
    return plan


SPEC = ImportSpec(
    kind="disputes",
    title=TITLE,
    model=Dispute,
    parent="dispute",
    history_model=StatusChange,
    columns=columns,
    example=EXAMPLE,
    prepare=lambda actor: {o.pk: o for o in OrgUnit.objects.filter(kind__in=UNIT_KINDS)},
    build=_build,
    fields=party_fields("party"),
    authorize=ensure_can_write,  # services.create_dispute's scope check
    numbering=Numbering(services.NUMBER_KIND, services.DEFAULT_PATTERN, year=lambda d: d.opened_on.year),
    stored_keys=stored_party_keys(DisputeParty.objects.all(), "dispute", "opened_on"),
    key_column="party_name",
    key_stored="该当事人同日在同一单位的争议已存在（编号「{label}」），疑似重复导入",
    key_in_file="与第{row}行是同一件争议（当事人、单位、受理日期相同）",
)


def template_bytes(actor: Any) -> bytes:
    return SPEC.template(actor)


def import_file(source: Any, actor: Any, **options: Any) -> ImportResult:
    """All rows or none, through ``core.imports`` (``dry_run``, ``progress``, ``batch`` as there)."""
    return run(SPEC, source, actor, **options)


EXPORT_HEADERS = [
    "编号",
    "事权单位",
    "来源",
    "化解渠道",
    "当事人",
    "当事人证件号码",
    "当事人联系电话",
    "争议概要",
    "受理日期",
    "状态",
    "办结日期",
    "是否化解成功",
    "化解方式",
]


def export_rows(qs: Iterable[Dispute], actor: Any) -> Iterator[list[Any]]:
    for d in qs:
        ps = list(d.parties.all())
        yield [
            d.number,
            d.org.name,
            d.get_source_display(),
            d.get_channel_display(),
            "、".join(p.name for p in ps),
            "、".join(shown(p.id_number, "id", actor) for p in ps),
            "、".join(shown(p.phone, "phone", actor) for p in ps),
            d.summary,
            cn_date(d.opened_on, ""),
            d.get_status_display(),
            cn_date(d.closed_on, ""),
            "" if d.resolved is None else ("是" if d.resolved else "否"),
            d.how_resolved,
        ]


def export_queryset(actor: Any, params: Any = None) -> Any:
    from . import selectors

    if actor is None:
        return selectors.with_related(Dispute.objects.all()).order_by("-opened_on", "-id")
    return selectors.dispute_list(actor, params or {}).order_by("-opened_on", "-id")


def export_file(path: Any, actor: Any) -> int:
    return write_export(
        path, EXPORT_HEADERS, export_rows(export_queryset(actor).iterator(chunk_size=500), actor)
    )
