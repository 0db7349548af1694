"""Excel of the registers beside the decisions, declared once each (``core.imports.ImportSpec`` + ``core.exports
.Export``): the no-penalty list's items (into a version named by its label) and the recorders of a unit. The
import checks every row as the create service would (the model's ``full_clean`` and constraints, the
service's scope check) and writes all rows or none."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.excel import Column
from fazhi.core.exports import Export, ExportColumn, field, tabular_kind
from fazhi.core.import_columns import field_columns, row_values, stored_record_keys, unit_column
from fazhi.core.imports import ImportSpec, Planned
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ensure_can_write

from . import filters, selectors
from .forms import UNIT_KINDS
from .models import NoPenaltyItem, NoPenaltyList, Recorder
from .supervision_services import _bureau


def _bureau_writes(actor: Any, org: Any) -> None:
    """``create_no_penalty_item``'s checks: the bureau's, within its government."""
    _bureau(actor)
    ensure_can_write(actor, org)


class NoPenalty:
    """``fazhi import|export no_penalty``; the list page's Excel (``no_penalty_import``)."""

    @staticmethod
    def columns(actor: Any) -> list[Column]:
        return [
            Column("list", "清单版本", "已发布的清单版本名称，如“2019版”", required=True, width=14),
            *field_columns(NoPenaltyItem, "field", "violation", "legal_basis", "conditions", width=30),
            Column("in_force_from", "施行日期", "默认为该版本的施行日期", kind="date"),
            Column("in_force_until", "停止施行日期", "默认为被新版本替代之日", kind="date"),
        ]

    @staticmethod
    def prepare(actor: Any) -> dict[str, list[NoPenaltyList]]:
        qs = selectors.no_penalty_lists_for(actor) if actor is not None else NoPenaltyList.objects.all()
        out: dict[str, list[NoPenaltyList]] = {}
        for lst in qs.select_related("org"):
            out.setdefault(lst.name, []).append(lst)
        return out

    @staticmethod
    def build(row: dict[str, Any], lists: dict[str, list[NoPenaltyList]]) -> Planned:
        found = lists.get(str(row.get("list") or "").strip(), [])
        if len(found) != 1:
            why = "不存在或无权填报" if not found else "名称在多个单位重复，请联系司法局"
            raise ValidationError({"list": f"清单版本「{row.get('list')}」{why}"})
        lst = found[0]
        item = NoPenaltyItem(
            org=lst.org,
            list=lst,
            **row_values(NoPenaltyItem, row, "field", "violation", "legal_basis", "conditions"),
            in_force_from=row.get("in_force_from") or lst.in_force_from,
            in_force_until=row.get("in_force_until") or lst.superseded_on,
        )
        return Planned(item, key=(lst.pk, item.violation))

    SPEC = ImportSpec(
        kind="no_penalty",
        title="不予处罚清单事项导入模板",
        model=NoPenaltyItem,
        parent="list",
        columns=columns,
        example={
            "list": "2019版",
            "field": "市场监管",
            "violation": "未按规定公示营业执照",
            "conditions": "首次违法、及时改正",
        },
        prepare=prepare,
        build=build,
        fields={"list": "list", "org": "list"},
        org_column="list",
        authorize=_bureau_writes,
        stored_keys=stored_record_keys(NoPenaltyItem.objects.all(), "list", "violation", label="violation"),
        key_column="violation",
        key_stored="该版本清单已有此违法行为（{label}）",
        key_in_file="与第{row}行是同一版本的同一违法行为",
    )
    EXPORT = Export(
        [
            ExportColumn("清单版本", lambda i, actor: i.list.name),
            field("field", "执法领域"),
            field("violation", "违法行为"),
            field("legal_basis", "法律依据"),
            field("conditions", "不予处罚的情形"),
            field("in_force_from", "施行日期"),
            field("in_force_until", "停止施行日期"),
        ],
        scoped=selectors.no_penalty_items_for,
        related=selectors.no_penalty_related,
        filterset=filters.NoPenaltyFilterSet,
        order=("id",),
    )


class Recorders:
    """``fazhi import|export recorders``; the recorder list's Excel (``recorder_import``)."""

    @staticmethod
    def columns(actor: Any) -> list[Column]:
        return [
            unit_column("org", "所在单位", actor, UNIT_KINDS),
            *field_columns(Recorder, "serial", "model_name", "in_service_from", "in_service_to"),
        ]

    @staticmethod
    def build(row: dict[str, Any], orgs: dict[int, OrgUnit]) -> Planned:
        org = orgs.get(int(row["org"])) if row.get("org") else None
        if org is None:
            raise ValidationError({"org": "请选择本人有权填报的单位"})
        r = Recorder(
            org=org, **row_values(Recorder, row, "serial", "model_name", "in_service_from", "in_service_to")
        )
        return Planned(r, key=(r.serial,))

    SPEC = ImportSpec(
        kind="recorders",
        title="执法记录仪导入模板",
        model=Recorder,
        parent="recorder",
        columns=columns,
        example={"serial": "DSJ-000001", "model_name": "DSJ-V7", "in_service_from": "2019-03-01"},
        prepare=lambda actor: {o.pk: o for o in OrgUnit.objects.filter(kind__in=UNIT_KINDS)},
        build=build,
        authorize=ensure_can_write,
        stored_keys=stored_record_keys(Recorder.objects.all(), "serial", label="serial"),
        key_column="serial",
        key_stored="序列号「{label}」已登记",
        key_in_file="与第{row}行序列号相同",
    )
    EXPORT = Export(
        [
            field("serial", "序列号"),
            field("model_name", "型号"),
            field("org", "所在单位"),
            field("in_service_from", "启用日期"),
            field("in_service_to", "停用日期"),
        ],
        scoped=selectors.recorders_for,
        related=selectors.with_org,
        filterset=filters.RecorderFilterSet,
        order=("-id",),
    )


TABULAR = [
    tabular_kind("不予处罚清单事项", NoPenalty.SPEC, NoPenalty.EXPORT),
    tabular_kind("执法记录仪", Recorders.SPEC, Recorders.EXPORT),
]
