"""Excel import/export of litigation cases via ``fazhi.core.excel`` (template, all-or-nothing import)."""

from __future__ import annotations

import re
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
from .forms import DEFENDANT_KINDS
from .models import ActCategory, Instance, LitigationCase, Outcome, PartyKind, Plaintiff

TITLE = "行政诉讼案件导入模板"


def _units(actor: Any, kinds: list[str]) -> Any:
    """Units a row may name: the actor's writable units, or every active unit for a system import."""
    if actor is None:
        return OrgUnit.objects.filter(kind__in=kinds, is_active=True).order_by("sort_order", "id")
    return org_choices_for(actor, kind__in=kinds)


def columns(actor: Any) -> list[Column]:
    courts = [
        (str(o.pk), o.name) for o in OrgUnit.objects.filter(kind=OrgUnit.Kind.COURT).order_by("sort_order")
    ]
    units = [(str(o.pk), o.name) for o in _units(actor, DEFENDANT_KINDS)]
    return [
        Column("court_case_number", "法院案号", "如 (2019)浙0381行初12号", required=True, width=24),
        Column("court", "受理法院", required=True, kind="choice", choices=courts, width=22),
        Column("instance", "审级", required=True, kind="choice", choices=list(Instance.choices), width=8),
        Column(
            "defendant",
            "被告单位",
            "只能选择本人有权填报的单位",
            required=True,
            kind="choice",
            choices=units,
            width=26,
        ),
        Column("cause", "案由", required=True, width=24),
        Column(
            "act_category", "被诉行为类别", required=True, kind="choice", choices=list(ActCategory.choices)
        ),
        Column("served_on", "收到起诉状副本日期", required=True, kind="date"),
        Column("plaintiff_name", "原告名称", "多名原告请分多次登记或在页面补充", required=True),
        Column("plaintiff_kind", "原告类型", required=True, kind="choice", choices=list(PartyKind.choices)),
        Column("plaintiff_id", "原告证件号码", "自然人填身份证号，单位填统一社会信用代码", width=22),
        Column("plaintiff_phone", "原告联系电话"),
        Column("answer_filed_on", "答辩举证日期", "已答辩的填写", kind="date"),
        Column("agents", "应诉代理人"),
        Column(
            "co_defendants",
            "共同被告",
            "填写单位全称，多个用“、”分隔；本单位以外的单位须经司法局确认后才能看到本案",
            width=30,
        ),
    ]


EXAMPLE = {
    "court_case_number": "(2019)浙0381行初12号",
    "instance": Instance.FIRST,
    "cause": "不服行政处罚决定",
    "act_category": ActCategory.PENALTY,
    "served_on": "2019-07-04",
    "plaintiff_name": "张三",
    "plaintiff_kind": PartyKind.PERSON,
}


def template_bytes(actor: Any) -> bytes:
    return build_template(columns(actor), title=TITLE, example=EXAMPLE)


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


def _field_header(cols: list[Column], key: str) -> str:
    mapping = {
        "court_case_number": "court_case_number",
        "court": "court",
        "defendant": "defendant",
        "cause": "cause",
        "act_category": "act_category",
        "served_on": "served_on",
        "plaintiffs": "plaintiff_name",
        "date": "answer_filed_on",
        "answer_filed_on": "answer_filed_on",
        "co_defendants": "co_defendants",
    }
    k = mapping.get(key, "")
    return next((c.header for c in cols if c.key == k), "")


def import_file(
    source: Any,
    actor: Any,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    batch: dict[str, Any] | None = None,
) -> ImportResult:
    """Validate every row; import all of them or none. ``dry_run`` validates and rolls back (preview).
    Each row goes through ``services.create_case`` (the page's rules; the court case number is the
    natural key, so a re-imported row is refused with its row number). ``progress(done, total)`` is
    told after each row; ``batch`` (job, file hash) goes into the audit event."""
    if actor is not None and not actor.can_write_business:
        raise PermissionDenied("您的角色只能查看，不能导入数据")
    cols = columns(actor)
    wb = open_workbook_safely(source)
    try:
        rows, errors = read_rows(wb, cols, example=EXAMPLE)
    finally:
        wb.close()
    result = ImportResult(errors=list(errors))
    orgs = {o.pk: o for o in OrgUnit.objects.filter(kind__in=[*DEFENDANT_KINDS, OrgUnit.Kind.COURT])}
    by_name = (
        {o.name: o for o in OrgUnit.objects.filter(is_active=True).order_by("-id")}
        if any(r.get("co_defendants") for r in rows)
        else {}
    )
    total = len(rows)
    try:
        with transaction.atomic():
            for done, row in enumerate(rows, start=1):
                n = row["_row"]
                if progress is not None:
                    progress(done, total)
                if any(e.row == n for e in result.errors):
                    continue
                try:
                    with transaction.atomic():
                        _import_row(row, orgs, actor, by_name)
                except (ValidationError, PermissionDenied) as e:
                    if isinstance(e, PermissionDenied):
                        result.errors.append(CellError(n, "被告单位", str(e)))
                    elif hasattr(e, "error_dict"):
                        for key, msgs in e.message_dict.items():
                            result.errors.append(CellError(n, _field_header(cols, key), "；".join(msgs)))
                    else:
                        result.errors.append(CellError(n, "", "；".join(e.messages)))
                    continue
                result.preview.append(
                    {
                        "row": n,
                        "number": row["court_case_number"],
                        "served_on": row["served_on"],
                        "defendant": orgs[int(row["defendant"])].name,
                    }
                )
            result.created = len(result.preview)
            if result.errors or dry_run:
                raise _Rollback
            record(
                "litigation.import",
                actor=actor,
                object_type="litigation.import",
                object_repr=TITLE,
                changes={"created": result.created, "rows": total, **(batch or {})},
            )
    except _Rollback:
        result.created = 0 if result.errors or dry_run else result.created
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


_NAME_SEPARATORS = re.compile(r"[、,，;；\n]+")


def _co_defendants(text: str | None, by_name: dict[str, OrgUnit]) -> list[OrgUnit]:
    """Units named in the 共同被告 cell; the service decides which are linked at once (issue 8 item 9)."""
    names = [n.strip() for n in _NAME_SEPARATORS.split(text or "") if n.strip()]
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ValidationError({"co_defendants": f"未找到单位「{'」「'.join(unknown)}」，请填写单位全称"})
    return [by_name[n] for n in names]


def _import_row(
    row: dict[str, Any], orgs: dict[int, OrgUnit], actor: Any, by_name: dict[str, OrgUnit]
) -> None:
    data = services.CaseData(
        court_case_number=row["court_case_number"],
        court=orgs[int(row["court"])],
        defendant=orgs[int(row["defendant"])],
        cause=row["cause"],
        act_category=row["act_category"],
        served_on=row["served_on"],
        instance=row["instance"],
        plaintiffs=[
            services.PlaintiffData(
                row["plaintiff_name"],
                row["plaintiff_kind"],
                row.get("plaintiff_id") or "",
                row.get("plaintiff_phone") or "",
            )
        ],
        agents=row.get("agents") or "",
        co_defendants=_co_defendants(row.get("co_defendants"), by_name),
    )
    case = services.create_case(actor=actor, data=data)
    if row.get("answer_filed_on"):
        services.record_answer(actor=actor, case=case, on=row["answer_filed_on"])


EXPORT_HEADERS = [
    "法院案号",
    "受理法院",
    "审级",
    "被告单位",
    "原告",
    "原告证件号码",
    "原告联系电话",
    "案由",
    "被诉行为类别",
    "收到起诉状副本日期",
    "答辩举证日期",
    "状态",
    "裁判结果",
    "是否败诉",
    "审结日期",
]


def export_rows(qs: Iterable[LitigationCase], actor: Any) -> Iterator[list[Any]]:
    """Rows of the export; ID and phone numbers masked unless the actor may see them (RULES §9)."""
    for c in qs:
        ps: list[Plaintiff] = list(c.plaintiffs.all())
        yield [
            c.court_case_number,
            c.court.name,
            c.get_instance_display(),
            c.org.name,
            "、".join(p.name for p in ps),
            "、".join(shown(p.id_number, "id", actor) for p in ps),
            "、".join(shown(p.phone, "phone", actor) for p in ps),
            c.cause,
            c.get_act_category_display(),
            cn_date(c.served_on, ""),
            cn_date(c.answer_filed_on, ""),
            c.get_status_display(),
            c.get_outcome_display() if c.outcome else "",
            "是" if c.is_loss else ("否" if c.outcome else ""),
            cn_date(c.concluded_on, ""),
        ]


def export_queryset(actor: Any, params: Any = None) -> Any:
    from . import selectors

    return selectors.case_list(actor, params or {}).order_by("-served_on", "-id")


def export_file(path: Any, actor: Any) -> int:
    """CLI export: the actor's scope, or (no ``--user``) every case with personal data masked."""
    if actor is None:
        from .selectors import with_related

        qs = with_related(LitigationCase.objects.all()).order_by("-served_on", "-id")
        return write_export(path, EXPORT_HEADERS, export_rows(qs.iterator(chunk_size=500), None))
    return write_export(
        path, EXPORT_HEADERS, export_rows(export_queryset(actor).iterator(chunk_size=500), actor)
    )


OUTCOME_LABELS = dict(Outcome.choices)
