"""Excel import/export of the legal-adviser roster (法律顾问), declared: the import (``SPEC``, run by
``fazhi.core.imports``) and the export (``EXPORT``, written by ``fazhi.core.exports``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.excel import Column
from fazhi.core.exports import Export, ExportColumn, field, tabular_kind
from fazhi.core.import_columns import field_columns, row_values, unit_column
from fazhi.core.imports import ImportSpec, Planned
from fazhi.core.pii import shown
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ensure_can_write

from . import filters, selectors
from .forms import UNIT_KINDS
from .models import AdviserKind, LegalAdviser, Training, TrainingParticipant


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


# --- 参训人员名单 (issue 14 item 2): name, unit, ID number (optional, checksum-checked), hours ---


def participant_columns(actor: Any) -> list[Column]:
    return [
        Column("training", "培训名称", required=True, width=36, help="须为已登记的专题培训名称"),
        *field_columns(TrainingParticipant, "name"),
        unit_column("org", "单位", actor, UNIT_KINDS),
        Column("id_number", "身份证号", width=22, help="可不填；填写的须为有效身份证号，用于匹配执法人员"),
        Column("hours", "学时", width=10, help="可不填，默认为该培训的学时"),
    ]


PARTICIPANT_EXAMPLE = {
    "training": "全市领导干部法治专题培训班",
    "name": "王某某",
    "id_number": "",
    "hours": "12",
}


def _participants_ctx(actor: Any) -> dict[str, Any]:
    trainings = Training.objects.all() if actor is None else selectors.trainings_for(actor)
    by_title: dict[str, Training] = {}
    for t in trainings.order_by("start_on", "id"):
        by_title[t.title] = t  # the latest of a title
    return {
        "trainings": by_title,
        "orgs": {o.pk: o for o in OrgUnit.objects.filter(kind__in=UNIT_KINDS)},
    }


def _build_participant(row: dict[str, Any], ctx: dict[str, Any]) -> Planned:
    """A participant as the list page shows it; the ID number is checked by the model (``clean``)."""
    title = str(row.get("training") or "").strip()
    training = ctx["trainings"].get(title)
    if training is None:
        raise ValidationError({"training": f"没有名为「{title}」的专题培训（请先登记培训）"})
    raw = row.get("hours")
    try:
        hours = Decimal(str(raw).strip()) if raw not in (None, "") else training.hours
    except InvalidOperation:
        raise ValidationError({"hours": f"「{raw}」不是有效的学时"}) from None
    if hours is None:
        raise ValidationError({"hours": "该培训未登记学时，请填写学时"})
    p = TrainingParticipant(
        training=training,
        org=ctx["orgs"].get(int(row["org"])) if row.get("org") else None,
        name=(row.get("name") or "").strip(),
        id_number=str(row.get("id_number") or "").strip().upper(),
        hours=hours,
    )
    return Planned(p, key=(training.pk, p.name, p.org_id, p.id_number))


def _participants_stored(keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], str]:
    trainings = {k[0] for k in keys}
    rows = TrainingParticipant.objects.filter(training_id__in=trainings).values_list(
        "training_id", "name", "org_id", "id_number"
    )
    return {r: r[1] for r in rows}


def _training_writable(actor: Any, org: Any) -> None:
    ensure_can_write(actor, org)


PARTICIPANT_SPEC = ImportSpec(
    kind="training_participants",
    title="参训人员名单导入模板",
    model=TrainingParticipant,
    parent="training",
    columns=participant_columns,
    example=PARTICIPANT_EXAMPLE,
    prepare=_participants_ctx,
    build=_build_participant,
    authorize=_training_writable,
    stored_keys=_participants_stored,
    key_column="name",
    key_stored="「{label}」已在该培训的参训名单中，疑似重复导入",
    key_in_file="与第{row}行是同一参训人员",
)


def _id_shown(p: TrainingParticipant, actor: Any) -> str:
    return shown(p.id_number, "id", actor) if p.id_number else ""


PARTICIPANT_EXPORT = Export(
    [
        ExportColumn("培训名称", lambda p, actor: p.training.title),
        field("name", "姓名"),
        field("org", "单位"),
        ExportColumn("身份证号", _id_shown),
        field("hours", "学时"),
    ],
    scoped=selectors.participants_for,
    related=selectors.with_training,
    filterset=filters.ParticipantFilterSet,
    order=("-id",),
)


class Participants:
    """The participant list's Excel pages (``ExcelPages(…, imports=Participants)``)."""

    SPEC = PARTICIPANT_SPEC
    EXPORT = PARTICIPANT_EXPORT


TABULAR.append(tabular_kind("参训人员", PARTICIPANT_SPEC, PARTICIPANT_EXPORT))
