"""Excel import of historical cases (all dates and outcome given) and export of any filtered list.

The import is a declaration (``SPEC``) run by ``fazhi.core.imports``: rows checked in batches with the
model's rules and the service's party check, all rows written or none, one audit event per batch.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError

from fazhi.core.excel import Column
from fazhi.core.exports import Export, ExportColumn, field
from fazhi.core.imports import ImportResult, ImportSpec, Numbering, Planned, run, stored_party_keys
from fazhi.core.pii import make_id_card, shown
from fazhi.orgs.models import OrgUnit

from . import deadlines, rules
from .filters import CaseFilterSet
from .models import ActCategory, Channel, Field, Outcome, Party, Procedure, ReconsiderationCase, StatusChange
from .models import Status as S
from .selectors import cases_for
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


def _prepare(actor: Any) -> dict[str, OrgUnit]:
    """Respondents a row may name, by code or full name: the actor's units (every unit for the system)."""
    from fazhi.orgs.scope import business_orgs

    qs = business_orgs(actor) if actor is not None else OrgUnit.objects.all()
    units: dict[str, OrgUnit] = {}
    for unit in qs.filter(kind__in=[OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.TOWNSHIP]):
        units[unit.code] = unit
        units[unit.name] = unit
    return units


_OUTCOMES = dict(Outcome.choices)  # Outcome.values builds a list per call: once per row was 4 % of the check


def _build(row: dict[str, Any], units: dict[str, OrgUnit]) -> Planned:
    """A concluded historical case: its applicant, the three steps of its history, its deadlines."""
    errors: dict[str, list[str]] = {}
    org = units.get(row.get("respondent") or "")
    if org is None:
        errors["respondent"] = [f"找不到单位「{row.get('respondent')}」（或不在您的数据范围内）"]
    try:
        party = clean_party(
            {
                "name": row.get("applicant"),
                "kind": row.get("applicant_kind"),
                "id_number": row.get("id_number"),
                "phone": row.get("phone"),
            }
        )
    except ValidationError as e:
        errors["id_number" if row.get("id_number") else "applicant"] = e.messages
    if errors:
        raise ValidationError(errors)
    case = ReconsiderationCase(
        org=org,
        number=row.get("number") or "",
        status=S.CONCLUDED,
        received_on=row.get("received_on"),
        contested_act=row.get("contested_act") or "",
        act_category=row.get("act_category") or "",
        field=row.get("field") or "",
        act_date=row.get("act_date"),
        channel=row.get("channel") or Channel.WINDOW,
        procedure=row.get("procedure") or Procedure.ORDINARY,
        accepted_on=row.get("accepted_on"),
        concluded_on=row.get("concluded_on"),
        outcome=row.get("outcome") or "",
        extension_days=row.get("extension_days") or 0,
    )
    if case.received_on and case.accepted_on:
        case.acceptance_due = deadlines.compute_acceptance_due(case, [])
        case.decision_due = deadlines.compute_decision_due(case, [], case.accepted_on)  # no suspensions
    note = _OUTCOMES.get(case.outcome, "")
    steps = [
        ("receive", "", S.RECEIVED, case.received_on, "Excel导入"),
        ("accept", S.RECEIVED, S.ACCEPTED, case.accepted_on, "Excel导入"),
        ("conclude", S.ACCEPTED, S.CONCLUDED, case.concluded_on, note),
    ]
    return Planned(
        case,
        children=[Party(**party)],
        history=steps,  # step tuples: written for ``history_model`` without building instances
        key=(party["name"], org.pk, case.received_on),  # type: ignore[union-attr]
    )


TITLE = "行政复议历史案件导入模板"
SPEC = ImportSpec(
    kind="reconsideration",
    title=TITLE,
    model=ReconsiderationCase,
    parent="case",
    history_model=StatusChange,
    columns=lambda actor: COLUMNS,
    example=EXAMPLE,
    prepare=_prepare,
    build=_build,
    fields={"org": "respondent", "name": "applicant", "kind": "applicant_kind"},
    org_column="respondent",
    authorize=ensure_office,  # the same permission rule as a case created on the page
    numbering=Numbering(
        NUMBER_KIND, DEFAULT_PATTERN, year=lambda case: case.received_on.year, stores_seq=True
    ),
    stored_keys=stored_party_keys(Party.objects.filter(role=Party.Role.APPLICANT), "case", "received_on"),
    key_column="applicant",
    key_stored="该申请人对同一被申请人同日的申请已存在（案号「{label}」），疑似重复导入",
    key_in_file="与第{row}行是同一件申请（申请人、被申请人、收到日期相同）",
)


def template_bytes(actor: Any = None) -> bytes:
    """The template is the same for every user (respondents are typed, not listed)."""
    return SPEC.template()


def import_file(
    path: str | Path | BinaryIO,
    actor: Any = None,
    *,
    dry_run: bool = False,
    progress: Callable[..., None] | None = None,
    batch: dict[str, Any] | None = None,
) -> ImportResult:
    """``fazhi import reconsideration FILE.xlsx`` and the import job: check, then import all rows or none."""
    return run(SPEC, path, actor, dry_run=dry_run, progress=progress, batch=batch)


def _applicants(case: ReconsiderationCase) -> list[Party]:
    return [p for p in case.parties.all() if p.role == Party.Role.APPLICANT]


def _joined(get: Callable[[Party, Any], str]) -> Callable[[ReconsiderationCase, Any], str]:
    return lambda case, actor: "、".join(v for p in _applicants(case) if (v := get(p, actor)))


def _as_is(name: str) -> Callable[[ReconsiderationCase, Any], Any]:
    """The stored value (dates stay dates in the sheet)."""
    return lambda case, actor: getattr(case, name)


# ID and phone numbers through the one masking rule: whole only for roles that may see them (RULES §9).
EXPORT = Export(
    [
        field("number", "案号"),
        field("org", "被申请人"),
        ExportColumn("申请人", _joined(lambda p, actor: p.name)),
        ExportColumn(
            "证件号码", _joined(lambda p, actor: shown(p.id_number, "id", actor) if p.id_number else "")
        ),
        ExportColumn("联系电话", _joined(lambda p, actor: shown(p.phone, "phone", actor) if p.phone else "")),
        field("contested_act", "被申请的行政行为"),
        field("act_category", "行为类别"),
        field("field", "管理领域"),
        field("procedure", "程序"),
        field("channel", "申请方式"),
        ExportColumn("收到申请日期", _as_is("received_on")),
        ExportColumn("受理日期", _as_is("accepted_on")),
        ExportColumn("审理期限", _as_is("decision_due")),
        ExportColumn("审结日期", _as_is("concluded_on")),
        field("outcome", "审结结果"),
        field("status", "状态"),
    ],
    scoped=cases_for,
    related=lambda qs: qs.select_related("org").prefetch_related("parties"),
    filterset=CaseFilterSet,
    order=("-received_on", "-id"),
    widths=(22, 26, 16, 22, 16, 30, 12, 12, 10, 10, 14, 14, 14, 14, 16, 10),
)


def export_file(path: str | Path, actor: Any = None) -> int:
    """``fazhi export reconsideration FILE.xlsx``: every case the actor may see (all, masked, by the system)."""
    return EXPORT.write(path, actor)
