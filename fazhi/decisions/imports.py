"""Excel of the legality-review queue (合法性审查) and the decisions list, declared: the review import
(``SPEC``, run by ``fazhi.core.imports``: every row checked as ``services.create_review`` and the ``conclude``
step would, then all rows written or none) and the exports (``core.exports.Export``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.excel import Column
from fazhi.core.exports import Export, ExportColumn, field, tabular_kind
from fazhi.core.imports import ImportSpec, Numbering, Planned, stored_record_keys, unit_column
from fazhi.core.parts import numbering_government
from fazhi.orgs.models import OrgUnit, Role
from fazhi.orgs.scope import ensure_can_write

from . import contract_imports, filters, selectors, services
from .forms import UNIT_KINDS
from .models import (
    DecisionCatalog,
    DecisionStatus,
    DecisionStatusChange,
    LegalityReview,
    MajorDecision,
    Opinion,
    ReviewStatus,
    ReviewStatusChange,
    SubjectKind,
)


def columns(actor: Any) -> list[Column]:
    return [
        unit_column("org", "送审单位", actor, UNIT_KINDS),
        Column(
            "subject_kind", "审查事项类别", required=True, kind="choice", choices=list(SubjectKind.choices)
        ),
        Column("title", "送审事项", required=True, width=30),
        Column("received_on", "收到送审材料日期", required=True, kind="date"),
        Column("concluded_on", "出具意见日期", "已出具意见的填写，并填写审查意见", kind="date"),
        Column("opinion", "审查意见", kind="choice", choices=list(Opinion.choices)),
        Column("reasons", "意见理由", "修改后合法或不合法的必填", width=30),
        Column("legal_basis", "法律依据", width=24),
    ]


EXAMPLE = {
    "subject_kind": SubjectKind.DECISION,
    "title": "管道燃气特许经营实施方案",
    "received_on": "2019-03-01",
    "concluded_on": "2019-03-12",
    "opinion": Opinion.LAWFUL,
}


def _prepare(actor: Any) -> dict[str, Any]:
    return {
        "orgs": {o.pk: o for o in OrgUnit.objects.filter(kind__in=UNIT_KINDS)},
        # the review desk's side (REVIEW_WORKFLOW ``conclude``): only the bureau issues opinions
        "desk": actor is None or Role.BUREAU in actor.role_codes,
    }


def _build(row: dict[str, Any], ctx: dict[str, Any]) -> Planned:
    """A review as ``services.create_review`` registers it (and ``conclude`` when it has an opinion)."""
    concluded_on, opinion = row.get("concluded_on"), row.get("opinion") or ""
    org = ctx["orgs"].get(int(row["org"])) if row.get("org") else None
    if org is None:  # the cell was refused (a unit outside the user's scope); nothing more to check
        raise ValidationError({"org": "请选择本人有权填报的送审单位"})
    if (concluded_on or opinion) and not ctx["desk"]:
        raise ValidationError({"opinion": "只有司法局合法性审查人员可以出具审查意见"})
    r = LegalityReview(
        org=org,
        subject_kind=row.get("subject_kind") or "",
        title=(row.get("title") or "").strip(),
        received_on=row.get("received_on"),
        status=ReviewStatus.CONCLUDED if concluded_on or opinion else ReviewStatus.REVIEWING,
        concluded_on=concluded_on,
        opinion=opinion,
        reasons=(row.get("reasons") or "").strip(),
        legal_basis=(row.get("legal_basis") or "").strip(),
    )
    steps = [
        ("create", "", ReviewStatus.REVIEWING, r.received_on),
        ("conclude", ReviewStatus.REVIEWING, ReviewStatus.CONCLUDED, concluded_on, r.get_opinion_display()),
    ]
    return Planned(
        r,
        history=steps[: 2 if r.status == ReviewStatus.CONCLUDED else 1],
        key=(r.title, r.org_id, r.received_on),
    )


SPEC = ImportSpec(
    kind="legality_reviews",
    title="合法性审查导入模板",
    model=LegalityReview,
    parent="review",
    history_model=ReviewStatusChange,
    columns=columns,
    example=EXAMPLE,
    prepare=_prepare,
    build=_build,
    authorize=ensure_can_write,  # services.create_review's scope check
    numbering=Numbering(services.REVIEW_KIND, services.REVIEW_PATTERN, year=lambda r: r.received_on.year),
    stored_keys=stored_record_keys(LegalityReview.objects.all(), "title", "org", "received_on"),
    key_column="title",
    key_stored="同一单位同日送审的该事项已存在（编号「{label}」），疑似重复导入",
    key_in_file="与第{row}行是同一送审事项（事项、单位、收到日期相同）",
)


# The exports, declared (``core.exports``): the lists' records, scope and filters. No personal data in either.
EXPORT = Export(
    [
        field("number", "审查编号"),
        field("subject_kind", "审查事项类别"),
        field("title", "送审事项"),
        field("org", "送审单位"),
        field("received_on", "收到送审材料日期"),
        ExportColumn("审查人", lambda r, actor: r.reviewer_name),
        field("status", "状态"),
        field("due_on", "审查期限"),
        ExportColumn("是否超期", lambda r, actor: "是" if r.is_overdue else "否"),
        field("concluded_on", "出具意见日期"),
        field("opinion", "审查意见"),
        field("reasons", "意见理由"),
        field("legal_basis", "法律依据"),
    ],
    scoped=selectors.reviews_for,
    related=lambda qs: qs.select_related("org", "reviewer"),
    filterset=filters.ReviewFilterSet,
    order=("-received_on", "-id"),
)


def _steps(d: MajorDecision, actor: Any) -> str:
    return "、".join(s.get_step_display() + ("（不适用）" if not s.applicable else "") for s in d.steps.all())


def decision_columns(actor: Any) -> list[Column]:
    return [
        Column("title", "决策事项", required=True, width=30),
        unit_column("org", "承办单位", actor, UNIT_KINDS),
        Column("year", "年度", "目录年度，如 2019", required=True, kind="int", width=8),
        Column("in_catalog", "列入目录", "是/否；列入的须该年度目录已建立", kind="bool", width=10),
        Column("planned_meeting_on", "拟提交集体讨论日期", kind="date"),
        Column("summary", "决策内容概要", width=30),
    ]


DECISION_EXAMPLE = {
    "title": "管道燃气特许经营",
    "year": 2019,
    "in_catalog": "是",
    "planned_meeting_on": "2019-05-20",
}


def _prepare_decisions(actor: Any) -> dict[str, Any]:
    # the catalogues already made (few: one per government and year), one query for the whole import
    return {
        "orgs": {o.pk: o for o in OrgUnit.objects.filter(kind__in=UNIT_KINDS)},
        "catalogs": {(c.org_id, c.year): c for c in DecisionCatalog.objects.all()},
        "governments": {},
    }


def _build_decision(row: dict[str, Any], ctx: dict[str, Any]) -> Planned:
    """A decision as ``services.create_decision`` registers it (起草论证中, in its year's catalogue)."""
    org = ctx["orgs"].get(int(row["org"])) if row.get("org") else None
    if org is None:  # the cell was refused (a unit outside the user's scope); nothing more to check
        raise ValidationError({"org": "请选择本人有权填报的承办单位"})
    year = row.get("year")  # its range: the model's year_range constraint, checked by the runner
    catalog = None
    if row.get("in_catalog") and year is not None:
        if org.pk not in ctx["governments"]:
            ctx["governments"][org.pk] = numbering_government(org)
        gov = ctx["governments"][org.pk]
        catalog = ctx["catalogs"].get((gov.pk, year))
        # The import writes decisions only (all rows or none): a catalogue it would have to make first
        # could outlive a refused file, so a missing one is named instead.
        if catalog is None:
            raise ValidationError(
                {
                    "in_catalog": f"{year}年度重大行政决策事项目录尚未建立，请先在系统中登记一项该年度的目录事项"
                }
            )
    d = MajorDecision(
        org=org,
        title=(row.get("title") or "").strip(),
        year=year,
        catalog=catalog,
        planned_meeting_on=row.get("planned_meeting_on"),
        summary=(row.get("summary") or "").strip(),
        status=DecisionStatus.DRAFTING,
    )
    return Planned(
        d, history=[("create", "", DecisionStatus.DRAFTING, None)], key=(d.title, d.org_id, d.year)
    )


class Decisions:
    """The decisions list's Excel (``ExcelPages("decisions", "decision", …)``, ``fazhi import|export
    decisions``): catalogue items registered in bulk as ``services.create_decision`` would, one by one;
    their statutory steps are then recorded on each decision's page."""

    SPEC = ImportSpec(
        kind="decisions",
        title="重大行政决策导入模板",
        model=MajorDecision,
        parent="decision",
        history_model=DecisionStatusChange,
        columns=decision_columns,
        example=DECISION_EXAMPLE,
        prepare=_prepare_decisions,
        build=_build_decision,
        fields={"catalog": "in_catalog"},
        authorize=ensure_can_write,  # services.create_decision's scope check
        numbering=Numbering(services.DECISION_KIND, services.DECISION_PATTERN, year=lambda d: d.year),
        stored_keys=stored_record_keys(MajorDecision.objects.all(), "title", "org", "year"),
        key_column="title",
        key_stored="该承办单位同年度的该决策事项已存在（编号「{label}」），疑似重复导入",
        key_in_file="与第{row}行是同一决策事项（事项、承办单位、年度相同）",
    )

    EXPORT = Export(
        [
            field("number", "编号"),
            field("title", "决策事项"),
            field("year", "年度"),
            field("org", "承办单位"),
            ExportColumn("列入目录", lambda d, actor: "是" if d.in_catalog else "否"),
            field("status", "状态"),
            field("planned_meeting_on", "拟提交集体讨论日期"),
            field("decided_on", "决定日期"),
            field("published_on", "公布日期"),
            ExportColumn("已记录程序步骤", _steps),
        ],
        scoped=selectors.decisions_for,
        related=selectors.decision_related,
        filterset=filters.DecisionFilterSet,
        order=("-year", "-id"),
    )


TABULAR = [
    tabular_kind("合法性审查", SPEC, EXPORT),  # ``fazhi import|export legality_reviews``
    tabular_kind("重大行政决策", Decisions.SPEC, Decisions.EXPORT),  # ``fazhi import|export decisions``
    tabular_kind(
        "行政协议", contract_imports.SPEC, contract_imports.EXPORT
    ),  # ``fazhi import|export contracts``
]
