"""Excel import/export of the legal-adviser roster (法律顾问), declared: the import (``SPEC``, run by
``fazhi.core.imports``) and the export (``EXPORT``, written by ``fazhi.core.exports``)."""

from __future__ import annotations

from typing import Any

from fazhi.core.excel import Column
from fazhi.core.exports import Export, field, tabular_kind
from fazhi.core.import_columns import field_columns, row_values, unit_column
from fazhi.core.imports import ImportSpec, Planned
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ensure_can_write

from . import filters, selectors
from .forms import UNIT_KINDS
from .models import AdviserKind, LegalAdviser


def columns(actor: Any) -> list[Column]:
    return [
        unit_column("org", "聘请单位", actor, UNIT_KINDS),
        *field_columns(LegalAdviser, "name", width=24),
        *field_columns(LegalAdviser, "kind", "firm", "contract_from", "contract_until", "fee"),
    ]


EXAMPLE = {
    "name": "张某某",
    "kind": AdviserKind.PERSON,
    "firm": "浙江某某律师事务所",
    "contract_from": "2019-01-01",
    "contract_until": "2020-12-31",
    "fee": "50000",
}


def _build(row: dict[str, Any], orgs: dict[int, OrgUnit]) -> Planned:
    """An adviser as ``services.create_adviser`` registers it."""
    a = LegalAdviser(
        org=orgs.get(int(row["org"])) if row.get("org") else None,
        **row_values(LegalAdviser, row, "name", "kind", "firm", "contract_from", "contract_until", "fee"),
    )
    return Planned(a, key=(a.name, a.org_id, a.contract_from))


def _stored(keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], str]:
    names = {k[0] for k in keys}
    rows = LegalAdviser.objects.filter(name__in=names).values_list("name", "org_id", "contract_from")
    return {r: r[0] for r in rows}


SPEC = ImportSpec(
    kind="legal_advisers",
    title="法律顾问导入模板",
    model=LegalAdviser,
    parent="adviser",
    columns=columns,
    example=EXAMPLE,
    prepare=lambda actor: {o.pk: o for o in OrgUnit.objects.filter(kind__in=UNIT_KINDS)},
    build=_build,
    authorize=ensure_can_write,
    stored_keys=_stored,
    key_column="name",
    key_stored="该单位同一聘期起的法律顾问「{label}」已存在，疑似重复导入",
    key_in_file="与第{row}行是同一名法律顾问（单位、名称、聘期起相同）",
)

EXPORT = Export(
    [
        field("org", "聘请单位"),
        field("name", "顾问名称"),
        field("kind", "类型"),
        field("firm", "所在律所"),
        field("contract_from", "聘期起"),
        field("contract_until", "聘期止"),
        field("fee", "年费（元）"),
    ],
    scoped=selectors.advisers_for,
    related=selectors.with_org,
    filterset=filters.AdviserFilterSet,
    order=("-contract_until", "-id"),
)
TABULAR = [tabular_kind("法律顾问", SPEC, EXPORT)]  # ``fazhi import|export legal_advisers``
