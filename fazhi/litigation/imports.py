"""Excel import/export of litigation cases: the import is a declaration (``SPEC``) run by ``fazhi.core.imports``
(rows checked in batches with the model's and the service's rules, all written or none)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.excel import Column
from fazhi.core.exports import Export, ExportColumn, field, party_cells
from fazhi.core.imports import (
    ImportResult,
    ImportSpec,
    Planned,
    party,
    party_columns,
    party_fields,
    run,
    unit_column,
)
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ensure_can_write

from . import filters, selectors, services
from .forms import DEFENDANT_KINDS
from .models import (
    ActCategory,
    CoDefendant,
    Instance,
    LitigationCase,
    Outcome,
    PartyKind,
    Plaintiff,
    Status,
    StatusChange,
)

TITLE = "行政诉讼案件导入模板"


def columns(actor: Any) -> list[Column]:
    courts = [
        (str(o.pk), o.name) for o in OrgUnit.objects.filter(kind=OrgUnit.Kind.COURT).order_by("sort_order")
    ]
    return [
        Column("court_case_number", "法院案号", "如 (2019)浙0381行初12号", required=True, width=24),
        Column("court", "受理法院", required=True, kind="choice", choices=courts, width=22),
        Column("instance", "审级", required=True, kind="choice", choices=list(Instance.choices), width=8),
        unit_column("defendant", "被告单位", actor, DEFENDANT_KINDS),
        Column("cause", "案由", required=True, width=24),
        Column(
            "act_category", "被诉行为类别", required=True, kind="choice", choices=list(ActCategory.choices)
        ),
        Column("served_on", "收到起诉状副本日期", required=True, kind="date"),
        *party_columns("plaintiff", "原告", required=True, help="多名原告请分多次登记或在页面补充"),
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


_NAME_SEPARATORS = re.compile(r"[、,，;；\n]+")


def _prepare(actor: Any) -> dict[str, Any]:
    """Units a row may name, once per import: the courts and defendants by id, every active unit by
    full name (for 共同被告)."""
    kinds = [*DEFENDANT_KINDS, OrgUnit.Kind.COURT]
    return {
        "actor": actor,
        "orgs": {o.pk: o for o in OrgUnit.objects.filter(kind__in=kinds)},
        "by_name": {o.name: o for o in OrgUnit.objects.filter(is_active=True).order_by("-id")},
    }


def _build(row: dict[str, Any], ctx: dict[str, Any]) -> Planned:
    """A case as ``services.create_case`` registers it (and ``record_answer`` when answered)."""
    orgs = ctx["orgs"]
    defendant = orgs.get(int(row["defendant"])) if row.get("defendant") else None
    if defendant is not None and defendant.kind in (OrgUnit.Kind.COURT, OrgUnit.Kind.UPPER):
        raise ValidationError({"defendant": "被告应为本级政府或其部门、乡镇（街道）"})
    case = LitigationCase(
        org=defendant,
        court=orgs.get(int(row["court"])) if row.get("court") else None,
        court_case_number=row.get("court_case_number") or "",
        instance=row.get("instance") or Instance.FIRST,
        cause=row.get("cause") or "",
        act_category=row.get("act_category") or "",
        served_on=row.get("served_on"),
        agents=row.get("agents") or "",
    )
    history = [("create", "", Status.SERVED, case.served_on)]
    if row.get("answer_filed_on"):
        case.answer_filed_on, case.status = row["answer_filed_on"], Status.ANSWERED
        history.append(("record_answer", Status.SERVED, Status.ANSWERED, case.answer_filed_on))
    plaintiff = party(Plaintiff, row, "plaintiff")
    co_defendants: list[CoDefendant] = []
    if row.get("co_defendants") and defendant is not None:
        names = [n.strip() for n in _NAME_SEPARATORS.split(row["co_defendants"]) if n.strip()]
        unknown = [n for n in names if n not in ctx["by_name"]]
        if unknown:
            raise ValidationError({"co_defendants": f"未找到单位「{'」「'.join(unknown)}」，请填写单位全称"})
        units = [ctx["by_name"][n] for n in names]
        co_defendants = services.plan_co_defendants(ctx["actor"], defendant, units)
    return Planned(case, children=[plaintiff, *co_defendants], history=history)


SPEC = ImportSpec(
    kind="litigation",
    title=TITLE,
    model=LitigationCase,
    parent="case",
    columns=columns,
    example=EXAMPLE,
    prepare=_prepare,
    build=_build,
    history_model=StatusChange,
    fields={"org": "defendant", **party_fields("plaintiff")},
    org_column="defendant",
    authorize=ensure_can_write,  # services.create_case's scope check
)


def template_bytes(actor: Any) -> bytes:
    return SPEC.template(actor)


def import_file(
    source: Any,
    actor: Any,
    *,
    dry_run: bool = False,
    progress: Callable[..., None] | None = None,
    batch: dict[str, Any] | None = None,
) -> ImportResult:
    """Check every row, then import all of them or none (``core.imports``); ``dry_run`` only checks."""
    return run(SPEC, source, actor, dry_run=dry_run, progress=progress, batch=batch)


def _loss(case: LitigationCase, actor: Any) -> str:
    """是否败诉: only once there is an outcome (RULES §3)."""
    return "是" if case.is_loss else ("否" if case.outcome else "")


# The export, declared (``core.exports``): ID and phone numbers masked unless the actor may see them (RULES §9).
EXPORT = Export(
    [
        field("court_case_number", "法院案号"),
        field("court", "受理法院"),
        field("instance", "审级"),
        field("org", "被告单位"),
        *party_cells("plaintiffs", "原告"),
        field("cause", "案由"),
        field("act_category", "被诉行为类别"),
        field("served_on", "收到起诉状副本日期"),
        field("answer_filed_on", "答辩举证日期"),
        field("status", "状态"),
        field("outcome", "裁判结果"),
        ExportColumn("是否败诉", _loss),
        field("concluded_on", "审结日期"),
    ],
    scoped=selectors.cases_for,
    related=selectors.with_related,
    filterset=filters.CaseFilterSet,
    order=("-served_on", "-id"),
)
export_file = (
    EXPORT.write
)  # ``fazhi export litigation``: the actor's scope, or (no ``--user``) every case masked


OUTCOME_LABELS = dict(Outcome.choices)
