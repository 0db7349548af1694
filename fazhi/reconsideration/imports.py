"""Excel import of historical cases (all dates and outcome given) and export of any filtered list.

Import is all-or-nothing: every row is parsed and checked first; any bad cell means nothing is saved
and every error is listed with its row and column in Chinese. The file itself is checked by
``fazhi.core.excel.open_workbook_safely`` (not xlsx, zip bomb, macros, size) before parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.audit.services import record, snapshot
from fazhi.core.dates import today as local_today
from fazhi.core.excel import CellError, Column, build_template, open_workbook_safely, read_rows, write_export
from fazhi.core.models import NumberSequence
from fazhi.core.pii import make_id_card, mask_id, mask_phone
from fazhi.core.services import next_number
from fazhi.orgs.models import OrgUnit

from . import deadlines
from .models import ActCategory, Channel, Field, Outcome, Party, Procedure, ReconsiderationCase, StatusChange
from .models import Status as S
from .services.cases import DEFAULT_PATTERN, NUMBER_KIND, clean_party, ensure_office

COLUMNS = [
    Column("number", "案号", "留空则按收到年度自动编号；填写的案号不得与已有案号重复", width=22),
    Column(
        "respondent",
        "被申请人",
        "单位全称或单位代码，须为本级政府所属部门或乡镇（街道）",
        required=True,
        width=26,
    ),
    Column("received_on", "收到申请日期", required=True, kind="date", width=14),
    Column("applicant", "申请人", "自然人姓名或法人、其他组织名称", required=True, width=16),
    Column("applicant_kind", "申请人类型", required=True, kind="choice", choices=list(Party.Kind.choices)),
    Column("id_number", "证件号码", "自然人填身份证号，组织填统一社会信用代码；导入时校验校验位", width=22),
    Column("phone", "联系电话", "手机号或座机，如 0577-65812345", width=16),
    Column("contested_act", "被申请的行政行为", required=True, width=30),
    Column("act_category", "行为类别", required=True, kind="choice", choices=list(ActCategory.choices)),
    Column("field", "管理领域", required=True, kind="choice", choices=list(Field.choices)),
    Column("act_date", "行政行为作出日期", kind="date", width=14),
    Column("channel", "申请方式", kind="choice", choices=list(Channel.choices)),
    Column("procedure", "程序", kind="choice", choices=list(Procedure.choices)),
    Column("accepted_on", "受理日期", required=True, kind="date", width=14),
    Column("concluded_on", "审结日期", required=True, kind="date", width=14),
    Column("outcome", "审结结果", required=True, kind="choice", choices=list(Outcome.choices), width=18),
    Column("extension_days", "延长天数", "经批准延长审理期限的天数，0–30", kind="int", width=10),
]
EXAMPLE = {
    "respondent": "示例市公安局",
    "received_on": date(2019, 3, 4),
    "applicant": "张三",
    "applicant_kind": "person",
    "id_number": make_id_card("330381", date(1990, 1, 1), 123),
    "phone": "13812345678",
    "contested_act": "治安管理处罚决定",
    "act_category": "penalty",
    "field": "public_security",
    "channel": "window",
    "procedure": "ordinary",
    "accepted_on": date(2019, 3, 8),
    "concluded_on": date(2019, 4, 30),
    "outcome": "upheld",
}
NUMBER_SEQ = re.compile(r"(\d+)号$")


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def template_bytes() -> bytes:
    return build_template(COLUMNS, title="行政复议历史案件导入模板", example=EXAMPLE)


def _units(actor: Any) -> dict[str, OrgUnit]:
    from fazhi.orgs.scope import business_orgs

    qs = business_orgs(actor) if actor is not None else OrgUnit.objects.all()
    qs = qs.filter(kind__in=[OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.TOWNSHIP])
    out: dict[str, OrgUnit] = {}
    for unit in qs:
        out[unit.code] = unit
        out[unit.name] = unit
    return out


def _check_row(
    row: dict[str, Any], units: dict[str, OrgUnit], numbers: set[str], today: date
) -> list[CellError]:
    n = row["_row"]
    errs: list[CellError] = []

    def err(col: str, msg: str) -> None:
        errs.append(CellError(n, col, msg))

    if row.get("respondent") and row["respondent"] not in units:
        err("被申请人", f"找不到单位「{row['respondent']}」（或不在您的数据范围内）")
    else:
        row["org"] = units.get(row.get("respondent") or "")
    try:
        row["party"] = clean_party(
            {
                "name": row.get("applicant"),
                "kind": row.get("applicant_kind"),
                "id_number": row.get("id_number"),
                "phone": row.get("phone"),
            }
        )
    except ValidationError as e:
        err("证件号码" if row.get("id_number") else "申请人", "；".join(e.messages))
    seq = [
        ("act_date", "行政行为作出日期"),
        ("received_on", "收到申请日期"),
        ("accepted_on", "受理日期"),
        ("concluded_on", "审结日期"),
    ]
    prev: tuple[date, str] | None = None
    for key, label in seq:
        d = row.get(key)
        if d is None:
            continue
        if d > today:
            err(label, "日期不能晚于今天")
        if prev and d < prev[0]:
            err(label, f"不能早于{prev[1]}")
        prev = (d, label)
    ext = row.get("extension_days")
    if ext is not None and not 0 <= ext <= 30:
        err("延长天数", "应为0至30（《行政复议法》第六十二条）")
    number = row.get("number")
    if number:
        if number in numbers:
            err("案号", f"案号「{number}」重复")
        numbers.add(number)
    return errs


def validate(source: str | Path | BinaryIO, actor: Any) -> ImportResult:
    """Parse and check every row; nothing is written."""
    wb = open_workbook_safely(source)
    try:
        rows, errors = read_rows(wb, COLUMNS)
    finally:
        wb.close()
    units = _units(actor)
    numbers: set[str] = set()
    today = local_today()
    for row in rows:
        row["row_number"] = row["_row"]
        row["outcome_label"] = dict(Outcome.choices).get(row.get("outcome"), "")
        errors.extend(
            e
            for e in _check_row(row, units, numbers, today)
            if e.column not in {x.column for x in errors if x.row == row["_row"]}
        )
    existing = set(ReconsiderationCase.objects.filter(number__in=numbers).values_list("number", flat=True))
    for row in rows:
        if row.get("number") in existing:
            errors.append(CellError(row["_row"], "案号", f"案号「{row['number']}」已存在"))
    errors.sort(key=lambda e: (e.row, e.column))
    return ImportResult(rows=rows, errors=errors)


@transaction.atomic
def _create(row: dict[str, Any], actor: Any) -> ReconsiderationCase:
    org: OrgUnit = row["org"]
    if actor is not None:
        ensure_office(actor, org)
    gov = org.government or org
    year = row["received_on"].year
    if row.get("number"):
        number = row["number"]
        m = NUMBER_SEQ.search(number)
        seq = int(m.group(1)) if m else 0
        counter, _ = NumberSequence.objects.select_for_update().get_or_create(
            org=gov, kind=NUMBER_KIND, year=year
        )
        if seq > counter.last:
            counter.last = seq
            counter.save(update_fields=["last"])
    else:
        seq, number = next_number(gov, NUMBER_KIND, year, DEFAULT_PATTERN)
    case = ReconsiderationCase(
        org=org,
        number=number,
        year=year,
        seq=seq,
        status=S.CONCLUDED,
        received_on=row["received_on"],
        contested_act=row["contested_act"],
        act_category=row["act_category"],
        field=row["field"],
        act_date=row.get("act_date"),
        channel=row.get("channel") or Channel.WINDOW,
        procedure=row.get("procedure") or Procedure.ORDINARY,
        accepted_on=row["accepted_on"],
        concluded_on=row["concluded_on"],
        outcome=row["outcome"],
        extension_days=row.get("extension_days") or 0,
        created_by=actor,
        updated_by=actor,
    )
    case.acceptance_due = deadlines.compute_acceptance_due(case, [])
    case.decision_due = deadlines.compute_decision_due(case, [], local_today())
    case.save()
    Party.objects.create(case=case, **row["party"])
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                case=case,
                action="receive",
                to_status=S.RECEIVED,
                on=case.received_on,
                actor=actor,
                note="Excel导入",
            ),
            StatusChange(
                case=case,
                action="accept",
                from_status=S.RECEIVED,
                to_status=S.ACCEPTED,
                on=case.accepted_on,
                actor=actor,
                note="Excel导入",
            ),
            StatusChange(
                case=case,
                action="conclude",
                from_status=S.ACCEPTED,
                to_status=S.CONCLUDED,
                on=case.concluded_on,
                actor=actor,
                note=Outcome(case.outcome).label,
            ),
        ]
    )
    record("reconsideration.import", actor=actor, obj=case, changes={"case": snapshot(case)})
    return case


def import_rows(result: ImportResult, actor: Any) -> ImportResult:
    """Create every row in one transaction, or none (any error raises and rolls back)."""
    if not result.ok:
        raise ValidationError("文件有错误，未导入任何记录")
    with transaction.atomic():
        for row in result.rows:
            _create(row, actor)
    result.created = len(result.rows)
    return result


def import_file(path: str | Path, actor: Any = None) -> ImportResult:
    """``fazhi import reconsideration FILE.xlsx``: validate, then import all rows or none."""
    result = validate(path, actor)
    if result.ok:
        import_rows(result, actor)
    return result


EXPORT_HEADERS = [
    "案号",
    "被申请人",
    "申请人",
    "证件号码",
    "联系电话",
    "被申请的行政行为",
    "行为类别",
    "管理领域",
    "程序",
    "申请方式",
    "收到申请日期",
    "受理日期",
    "审理期限",
    "审结日期",
    "审结结果",
    "状态",
]
EXPORT_WIDTHS = [22, 26, 16, 22, 16, 30, 12, 12, 10, 10, 14, 14, 14, 14, 16, 10]


def export_rows(qs: Iterable[ReconsiderationCase], user: Any) -> Iterator[list[Any]]:
    """Rows for the export; ID and phone numbers masked unless the user sees personal data."""
    whole = bool(user is not None and user.sees_personal_data)
    for case in qs:
        applicants = [p for p in case.parties.all() if p.role == Party.Role.APPLICANT]
        yield [
            case.number,
            case.org.name,
            "、".join(p.name for p in applicants),
            "、".join(p.id_number if whole else mask_id(p.id_number) for p in applicants if p.id_number),
            "、".join(p.phone if whole else mask_phone(p.phone) for p in applicants if p.phone),
            case.contested_act,
            case.get_act_category_display(),
            case.get_field_display(),
            case.get_procedure_display(),
            case.get_channel_display(),
            case.received_on,
            case.accepted_on,
            case.decision_due,
            case.concluded_on,
            case.get_outcome_display(),
            case.get_status_display(),
        ]


def export_queryset(qs: Any) -> Any:
    return qs.select_related("org").prefetch_related("parties").order_by("-received_on", "-id")


def export_file(path: str | Path, actor: Any = None) -> int:
    """``fazhi export reconsideration FILE.xlsx``: every case the actor may see (all when run by the system)."""
    qs = (
        ReconsiderationCase.objects.visible_to(actor)
        if actor is not None
        else ReconsiderationCase.objects.all()
    )
    return write_export(
        path,
        EXPORT_HEADERS,
        export_rows(export_queryset(qs).iterator(chunk_size=2000), actor),
        widths=EXPORT_WIDTHS,
    )
