"""Excel import of historical cases (all dates and outcome given) and export of any filtered list.

Import is all-or-nothing: every row is parsed and checked first; any bad cell means nothing is saved
and every error is listed with its row and column in Chinese. The file itself is checked by
``fazhi.core.excel.open_workbook_safely`` (not xlsx, zip bomb, macros, size) before parsing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fazhi.audit.services import record
from fazhi.core.dates import today as local_today
from fazhi.core.excel import CellError, Column, build_template, open_workbook_safely, read_rows, write_export
from fazhi.core.models import NumberPattern, NumberSequence
from fazhi.core.pii import make_id_card, shown
from fazhi.core.services import format_number
from fazhi.orgs.models import OrgUnit

from . import deadlines, rules
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
    Column(
        "extension_days",
        "延长天数",
        f"经批准延长审理期限的天数，0–{rules.MAX_EXTENSION_DAYS}",
        kind="int",
        width=10,
    ),
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
    if ext is not None and not 0 <= ext <= rules.MAX_EXTENSION_DAYS:
        err("延长天数", f"应为0至{rules.MAX_EXTENSION_DAYS}（《行政复议法》第六十二条）")
    number = row.get("number")
    if number:
        if number in numbers:
            err("案号", f"案号「{number}」重复")
        numbers.add(number)
    return errs


Progress = Callable[[int, int], None]


def validate(source: str | Path | BinaryIO, actor: Any, progress: Progress | None = None) -> ImportResult:
    """Parse and check every row; nothing is written."""
    wb = open_workbook_safely(source)
    try:
        rows, errors = read_rows(wb, COLUMNS, example=EXAMPLE)
    finally:
        wb.close()
    units = _units(actor)
    numbers: set[str] = set()
    today = local_today()
    total = len(rows)
    for i, row in enumerate(rows, start=1):
        row["row_number"] = row["_row"]
        row["outcome_label"] = dict(Outcome.choices).get(row.get("outcome"), "")
        errors.extend(
            e
            for e in _check_row(row, units, numbers, today)
            if e.column not in {x.column for x in errors if x.row == row["_row"]}
        )
        if progress is not None:
            progress(i, total)
    existing = set(ReconsiderationCase.objects.filter(number__in=numbers).values_list("number", flat=True))
    for row in rows:
        if row.get("number") in existing:
            errors.append(CellError(row["_row"], "案号", f"案号「{row['number']}」已存在"))
    errors.extend(_duplicate_applications(rows))
    errors.sort(key=lambda e: (e.row, e.column))
    return ImportResult(rows=rows, errors=errors)


def _duplicate_applications(rows: list[dict[str, Any]]) -> list[CellError]:
    """The natural key of a case without a number: applicant + respondent + date received. A second
    row with the same key, in the file or already in the database, is a re-import, not a new case."""
    keyed = [r for r in rows if r.get("org") and r.get("applicant") and r.get("received_on")]
    if not keyed:
        return []
    dates = [r["received_on"] for r in keyed]
    stored: dict[tuple[str, int, date], str] = {
        (name, org_id, on): number
        for name, org_id, on, number in Party.objects.filter(
            role=Party.Role.APPLICANT,
            case__received_on__range=(min(dates), max(dates)),
            case__org__in={r["org"].pk for r in keyed},
        ).values_list("name", "case__org_id", "case__received_on", "case__number")
    }
    seen: dict[tuple[str, int, date], int] = {}
    errors: list[CellError] = []
    for r in keyed:
        key = (r["applicant"], r["org"].pk, r["received_on"])
        if key in stored:
            errors.append(
                CellError(
                    r["_row"],
                    "申请人",
                    f"该申请人对同一被申请人同日的申请已存在（案号「{stored[key]}」），疑似重复导入",
                )
            )
        elif key in seen:
            errors.append(
                CellError(
                    r["_row"], "申请人", f"与第{seen[key]}行是同一件申请（申请人、被申请人、收到日期相同）"
                )
            )
        else:
            seen[key] = r["_row"]
    return errors


class _Numbers:
    """Case numbers for a batch: one locked counter per (government, year), advanced in memory in
    file order (an explicit number moves the counter on, as ``next_number`` would), saved once."""

    def __init__(self) -> None:
        self.counters: dict[tuple[int, int], NumberSequence] = {}
        self.patterns: dict[int, str] = {}

    def take(self, gov: OrgUnit, year: int, number: str | None) -> tuple[int, str]:
        counter = self.counters.get((gov.pk, year))
        if counter is None:
            counter, _ = NumberSequence.objects.select_for_update().get_or_create(
                org=gov, kind=NUMBER_KIND, year=year
            )
            self.counters[(gov.pk, year)] = counter
        if number:
            m = NUMBER_SEQ.search(number)
            seq = int(m.group(1)) if m else 0
            counter.last = max(counter.last, seq)
            return seq, number
        if gov.pk not in self.patterns:
            row = NumberPattern.objects.filter(org=gov, kind=NUMBER_KIND).first()
            self.patterns[gov.pk] = row.pattern if row else DEFAULT_PATTERN
        counter.last += 1
        text = format_number(
            self.patterns[gov.pk], year=year, seq=counter.last, abbr=getattr(gov, "short_name", "") or ""
        )
        return counter.last, text

    def save(self) -> None:
        for counter in self.counters.values():
            counter.save(update_fields=["last"])


def import_rows(
    result: ImportResult,
    actor: Any,
    *,
    progress: Progress | None = None,
    batch: dict[str, Any] | None = None,
) -> ImportResult:
    """Create every row in one transaction, or none. Linear in the number of rows: a handful of
    queries per distinct unit/year, then bulk inserts; one audit event for the whole batch."""
    if not result.ok:
        raise ValidationError("文件有错误，未导入任何记录")
    rows = result.rows
    total = len(rows)
    today = local_today()
    with transaction.atomic():
        checked: set[int] = set()
        govs: dict[int, OrgUnit] = {}
        numbers = _Numbers()
        cases: list[ReconsiderationCase] = []
        for row in rows:
            org: OrgUnit = row["org"]
            if org.pk not in checked:
                if actor is not None:
                    ensure_office(actor, org)  # the same permission rule as a case created on the page
                govs[org.pk] = org.government or org
                checked.add(org.pk)
            year = row["received_on"].year
            seq, number = numbers.take(govs[org.pk], year, row.get("number"))
            case = ReconsiderationCase(
                org=org,
                number=number,
                numbering_government=govs[org.pk],
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
            case.decision_due = deadlines.compute_decision_due(case, [], today)
            _guard(case, row)
            cases.append(case)
        _refuse_number_clashes(rows, cases)
        numbers.save()
        # each row's party passed clean_party, the same validate_party_ids as PartyBase.clean
        parties = [Party(case=case, **row["party"]) for case, row in zip(cases, rows, strict=True)]
        try:
            with transaction.atomic():
                ReconsiderationCase.objects.bulk_create(cases, batch_size=BULK)
                Party.objects.bulk_create(parties, batch_size=BULK)
        except IntegrityError as e:
            raise ValidationError(f"导入未完成，未保存任何记录：{_broken_invariant(e)}") from None
        StatusChange.objects.bulk_create(
            [change for case in cases for change in _history(case, actor)], batch_size=BULK
        )
        record(
            "reconsideration.import",
            actor=actor,
            object_type="reconsideration.reconsiderationcase",
            object_repr=f"Excel导入行政复议历史案件 {total} 件",
            changes={
                "rows": total,
                "first_number": cases[0].number if cases else "",
                "last_number": cases[-1].number if cases else "",
                **(batch or {}),
            },
        )
    if progress is not None:
        progress(total, total)
    result.created = total
    return result


BULK = 1000
# Checked by the database, not per row here: the foreign keys (one query each) were resolved from the
# user's scope, the case's own CHECK constraints refuse the bulk insert as a whole.
_NOT_PER_ROW = ["case", "org", "numbering_government", "created_by", "updated_by"]


def _guard(obj: ReconsiderationCase, row: dict[str, Any]) -> None:
    """The validations of the model (fields, choices, lengths, ``clean``) that the page's services run,
    without a query per row; the row's Chinese message if one fails (a bug in the checks above)."""
    try:
        obj.full_clean(exclude=_NOT_PER_ROW, validate_unique=False, validate_constraints=False)
    except ValidationError as e:
        raise ValidationError(f"第{row['_row']}行：{'；'.join(e.messages)}，未导入任何记录") from None


def _broken_invariant(error: IntegrityError) -> str:
    """The Chinese message of the CHECK constraint the database names in ``error``."""
    text = str(error).lower()
    for model in (ReconsiderationCase, Party):
        for c in model._meta.constraints:
            if c.name.lower() in text:
                return str(c.violation_error_message)
    return "数据不符合约束条件"


def _refuse_number_clashes(rows: list[dict[str, Any]], cases: list[ReconsiderationCase]) -> None:
    """An automatic number may meet an explicit one later in the file or an old record; refuse with
    the row rather than fail on the unique index."""
    seen: dict[str, int] = {}
    errors: list[str] = []
    for row, case in zip(rows, cases, strict=True):
        if case.number in seen:
            errors.append(f"第{row['_row']}行「案号」：案号「{case.number}」与第{seen[case.number]}行重复")
        seen[case.number] = row["_row"]
    taken = set(ReconsiderationCase.objects.filter(number__in=list(seen)).values_list("number", flat=True))
    errors.extend(f"第{seen[n]}行「案号」：案号「{n}」已存在" for n in sorted(taken))
    if errors:
        raise ValidationError(errors)


def _history(case: ReconsiderationCase, actor: Any) -> list[StatusChange]:
    note = "Excel导入"
    return [
        StatusChange(
            case=case, action="receive", to_status=S.RECEIVED, on=case.received_on, actor=actor, note=note
        ),
        StatusChange(
            case=case,
            action="accept",
            from_status=S.RECEIVED,
            to_status=S.ACCEPTED,
            on=case.accepted_on,
            actor=actor,
            note=note,
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


def import_file(
    path: str | Path | BinaryIO,
    actor: Any = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch: dict[str, Any] | None = None,
) -> ImportResult:
    """``fazhi import reconsideration FILE.xlsx`` and the import job: validate, then import all rows or none."""
    result = validate(path, actor, progress=progress)
    if result.ok and not dry_run:
        try:
            import_rows(result, actor, progress=progress, batch=batch)
        except ValidationError as e:
            result.errors = [CellError(0, "", m) for m in e.messages]
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
    for case in qs:
        applicants = [p for p in case.parties.all() if p.role == Party.Role.APPLICANT]
        yield [
            case.number,
            case.org.name,
            "、".join(p.name for p in applicants),
            "、".join(shown(p.id_number, "id", user) for p in applicants if p.id_number),
            "、".join(shown(p.phone, "phone", user) for p in applicants if p.phone),
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
