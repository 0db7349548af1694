"""Excel import/export of disputes via ``fazhi.core.excel`` (template, all-or-nothing import)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fazhi.audit.services import record
from fazhi.core.dates import cn_date
from fazhi.core.excel import (
    CellError,
    Column,
    build_template,
    open_workbook_safely,
    read_rows,
    write_export,
)
from fazhi.core.pii import shown
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import org_choices_for

from . import services
from .forms import UNIT_KINDS
from .models import Channel, Dispute, DisputeParty, PartyKind, Source

TITLE = "行政争议导入模板"
FIELD_TO_COLUMN = {
    "org": "org",
    "source": "source",
    "channel": "channel",
    "opened_on": "opened_on",
    "summary": "summary",
    "parties": "party_name",
    "date": "closed_on",
    "closed_on": "closed_on",
    "resolved": "resolved",
}


def _units(actor: Any, kinds: list[str]) -> Any:
    """Units a row may name: the actor's writable units, or every active unit for a system import."""
    if actor is None:
        return OrgUnit.objects.filter(kind__in=kinds, is_active=True).order_by("sort_order", "id")
    return org_choices_for(actor, kind__in=kinds)


def columns(actor: Any) -> list[Column]:
    units = [(str(o.pk), o.name) for o in _units(actor, UNIT_KINDS)]
    return [
        Column(
            "org",
            "事权单位",
            "只能选择本人有权填报的单位",
            required=True,
            kind="choice",
            choices=units,
            width=26,
        ),
        Column("source", "来源", required=True, kind="choice", choices=list(Source.choices)),
        Column("channel", "化解渠道", required=True, kind="choice", choices=list(Channel.choices)),
        Column("opened_on", "受理日期", required=True, kind="date"),
        Column("summary", "争议概要", required=True, width=30),
        Column("party_name", "当事人名称"),
        Column("party_kind", "当事人类型", kind="choice", choices=list(PartyKind.choices)),
        Column("party_id", "当事人证件号码", "自然人填身份证号，单位填统一社会信用代码", width=22),
        Column("party_phone", "当事人联系电话"),
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


def template_bytes(actor: Any) -> bytes:
    return build_template(columns(actor), title=TITLE, example=EXAMPLE)


def _duplicates(rows: list[dict[str, Any]], column: str) -> list[CellError]:
    """Natural key of a dispute: party + unit + date opened. A second row with the same key, in the
    file or already stored, is a re-import (refused with its row number), not a new dispute."""
    keyed = [r for r in rows if r.get("party_name") and r.get("org") and r.get("opened_on")]
    if not keyed:
        return []
    dates = [r["opened_on"] for r in keyed]
    stored = {
        (name, str(org_id), on): number
        for name, org_id, on, number in DisputeParty.objects.filter(
            dispute__opened_on__range=(min(dates), max(dates))
        ).values_list("name", "dispute__org_id", "dispute__opened_on", "dispute__number")
    }
    seen: dict[tuple[str, str, Any], int] = {}
    errors: list[CellError] = []
    for r in keyed:
        key = (r["party_name"], str(r["org"]), r["opened_on"])
        if key in stored:
            errors.append(
                CellError(
                    r["_row"],
                    column,
                    f"该当事人同日在同一单位的争议已存在（编号「{stored[key]}」），疑似重复导入",
                )
            )
        elif key in seen:
            errors.append(
                CellError(r["_row"], column, f"与第{seen[key]}行是同一件争议（当事人、单位、受理日期相同）")
            )
        else:
            seen[key] = r["_row"]
    return errors


@dataclass
class ImportResult:
    created: int = 0
    errors: list[CellError] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def import_file(
    source: Any,
    actor: Any,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    batch: dict[str, Any] | None = None,
) -> ImportResult:
    """Validate every row; import all of them or none. ``dry_run`` validates and rolls back (preview).
    ``progress(done, total)`` is told after each row; ``batch`` (job, file hash) goes into the audit event."""
    if actor is not None and not actor.can_write_business:
        raise PermissionDenied("您的角色只能查看，不能导入数据")
    cols = columns(actor)
    headers = {c.key: c.header for c in cols}
    wb = open_workbook_safely(source)
    try:
        rows, errors = read_rows(wb, cols, example=EXAMPLE)
    finally:
        wb.close()
    result = ImportResult(errors=list(errors))
    bad_rows = {e.row for e in result.errors}  # cells that could not be read: no service call
    # re-imported rows are still checked by the service below, so every other error is listed too
    result.errors.extend(_duplicates(rows, headers["party_name"]))
    orgs = {o.pk: o for o in OrgUnit.objects.filter(kind__in=UNIT_KINDS)}
    total = len(rows)
    try:
        with transaction.atomic():
            for done, row in enumerate(rows, start=1):
                n = row["_row"]
                if progress is not None:
                    progress(done, total)
                if n in bad_rows:
                    continue
                if row.get("closed_on") and row.get("resolved") is None:
                    result.errors.append(CellError(n, headers["resolved"], "已办结的须填写是否化解成功"))
                    continue
                try:
                    with transaction.atomic():
                        d = _import_row(row, orgs, actor)
                except ValidationError as e:
                    if hasattr(e, "error_dict"):
                        for key, msgs in e.message_dict.items():
                            col = headers.get(FIELD_TO_COLUMN.get(key, ""), "")
                            result.errors.append(CellError(n, col, "；".join(msgs)))
                    else:
                        result.errors.append(CellError(n, "", "；".join(e.messages)))
                    continue
                result.preview.append(
                    {"row": n, "number": d.number, "org": d.org.name, "opened_on": d.opened_on}
                )
            result.created = len(result.preview)
            if result.errors or dry_run:
                raise _Rollback
            record(
                "disputes.import",
                actor=actor,
                object_type="disputes.import",
                object_repr=TITLE,
                changes={"created": result.created, "rows": total, **(batch or {})},
            )
    except _Rollback:
        result.created = 0 if result.errors else result.created
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


def _import_row(row: dict[str, Any], orgs: dict[int, OrgUnit], actor: Any) -> Dispute:
    parties = []
    if row.get("party_name"):
        parties.append(
            services.PartyData(
                row["party_name"],
                row.get("party_kind") or PartyKind.PERSON,
                row.get("party_id") or "",
                row.get("party_phone") or "",
            )
        )
    d = services.create_dispute(
        actor=actor,
        data=services.DisputeData(
            org=orgs[int(row["org"])],
            source=row["source"],
            channel=row["channel"],
            opened_on=row["opened_on"],
            summary=row["summary"],
            parties=parties,
        ),
    )
    if row.get("closed_on"):
        d = services.close_dispute(
            actor=actor,
            dispute=d,
            on=row["closed_on"],
            resolved=row["resolved"],
            how_resolved=row.get("how_resolved") or "",
        )
    return d


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
