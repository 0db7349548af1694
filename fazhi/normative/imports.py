"""Excel import/export of normative documents; the import is a declaration (``SPEC``) run by
``fazhi.core.imports`` (all rows or none, with the row and cell of each error).

A row is a draft, or — for documents already in force when the register starts (存量文件) — a published
document with its existing 统一编号, publication date and term (RULES §5 limits checked as on publication)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from fazhi.core.excel import Column
from fazhi.core.exports import Export, field, tabular_kind
from fazhi.core.imports import ImportSpec, Planned, unit_column
from fazhi.orgs.models import OrgUnit, Role
from fazhi.orgs.scope import ensure_can_write

from . import filters, rules, selectors
from .forms import DRAFTER_KINDS, ISSUER_KINDS
from .models import DocumentStatusChange, NormativeDocument, Status

TITLE = "行政规范性文件导入模板"


def columns(actor: Any) -> list[Column]:
    return [
        unit_column("org", "起草单位", actor, DRAFTER_KINDS),
        unit_column("issuer", "制定机关", actor, ISSUER_KINDS, help="本级政府或其工作部门"),
        Column("title", "文件名称", required=True, width=30),
        Column("doc_number", "文号", rules.DOC_NUMBER_HELP, required=True, width=20),
        Column("provisional", "暂行/试行", "标题含暂行、试行的自动认定", kind="bool"),
        Column("registration_number", "统一编号", "已公布的存量文件填写"),
        Column("published_on", "公布日期", "已公布的存量文件填写", kind="date"),
        Column("valid_years", "有效期（年）", "最长5年，暂行、试行最长2年", kind="int"),
        Column("filed_on", "报送备案日期", kind="date"),
    ]


EXAMPLE = {"title": "关于生活垃圾分类的办法", "doc_number": "示政发〔2019〕3号", "published_on": "2019-04-01", "valid_years": 5, "registration_number": "示规〔2019〕1号"}  # fmt: skip


def _prepare(actor: Any) -> tuple[dict[int, OrgUnit], bool]:
    """The drafting units by id, and whether the actor may enter published documents (三统一: registration
    and publication are the Justice Bureau's, ``actions.BUREAU_ONLY``; the command line is the system)."""
    orgs = {o.pk: o for o in OrgUnit.objects.filter(kind__in=DRAFTER_KINDS)}
    return orgs, actor is None or Role.BUREAU in actor.role_codes


def _build(row: dict[str, Any], ctx: tuple[dict[int, OrgUnit], bool]) -> Planned:
    """A document as ``services.create_document`` drafts it, published as ``publish`` would when dated."""
    orgs, may_publish = ctx
    title = (row.get("title") or "").strip()
    published = row.get("published_on")
    provisional = bool(row.get("provisional")) or rules.is_provisional(title)
    d = NormativeDocument(
        org=orgs.get(int(row["org"])) if row.get("org") else None,
        issuer=orgs.get(int(row["issuer"])) if row.get("issuer") else None,
        title=title,
        doc_number=rules.normalize_doc_number(row.get("doc_number") or ""),
        provisional=provisional,
    )
    steps: list[Any] = [("create", "", Status.DRAFT, published)]
    if published and not may_publish:
        raise ValidationError(
            {"published_on": "已公布文件的统一登记、统一发布由司法局办理，起草单位只能导入草稿"}
        )
    if published:
        years, number = row.get("valid_years"), (row.get("registration_number") or "").strip()
        limit = rules.max_years(provisional)
        if not years or not number:
            raise ValidationError({"valid_years": "已公布的文件须填写统一编号和有效期（年）"})
        if int(years) > limit:
            raise ValidationError({"valid_years": f"有效期最长{limit}年（{rules.BASIS_VALIDITY}）"})
        d.status, d.registration_number = Status.PUBLISHED, number
        d.registered_on = d.decided_on = d.published_on = d.valid_from = published
        d.valid_until, d.filing_due = (
            rules.valid_until(published, int(years)),
            rules.filing_due(published, rules.issuer_government(d)),
        )
        d.filed_on = row.get("filed_on")
        steps.append(("publish", Status.DRAFT, Status.PUBLISHED, published))
    return Planned(d, history=steps, key=(d.issuer_id, d.doc_number))


def _stored(keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], str]:
    q = Q(pk__in=[])
    for issuer, number in keys:
        q |= Q(issuer_id=issuer, doc_number=number)
    return {(i, n): n for i, n in NormativeDocument.objects.filter(q).values_list("issuer_id", "doc_number")}


SPEC = ImportSpec(
    kind="normative",
    title=TITLE,
    model=NormativeDocument,
    parent="document",
    history_model=DocumentStatusChange,
    columns=columns,
    example=EXAMPLE,
    prepare=_prepare,
    build=_build,
    authorize=ensure_can_write,  # services.create_document's scope check
    stored_keys=_stored,
    key_column="doc_number",
    key_stored="该制定机关已有文号为「{label}」的规范性文件，疑似重复导入",
    key_in_file="与第{row}行文号相同（同一制定机关）",
)


EXPORT = Export(
    [
        field("doc_number", "文号"),
        field("title", "文件名称"),
        field("registration_number", "统一编号"),
        field("issuer", "制定机关"),
        field("org", "起草单位"),
        field("provisional", "暂行/试行"),
        field("status", "状态"),
        field("published_on", "公布日期"),
        field("valid_until", "有效期至"),
        field("filing_due", "备案期限"),
        field("filed_on", "报送备案日期"),
        field("ended_on", "失效/废止日期"),
    ],
    scoped=selectors.documents_for,
    related=selectors.with_related,
    filterset=filters.DocumentFilterSet,
    order=("-id",),
)
TABULAR = [tabular_kind("行政规范性文件", SPEC, EXPORT)]  # ``fazhi import|export normative``
