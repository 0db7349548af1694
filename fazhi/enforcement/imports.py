"""Excel import/export of enforcement decisions, declared: the import (``SPEC``, run by
``fazhi.core.imports``: every row checked, all or nothing, one audit event per batch) and the export
(``EXPORT``). The bulk API (``bulk.py``) feeds its records through the same ``SPEC``.

A decision that breaks a rule of the three systems is not refused: it is written with its named problems
(``problems.codes_of``, the services' own check), so the supervisors see it in the problems list."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.excel import Column
from fazhi.core.exports import Export, field, joined, party_cells, tabular_kind
from fazhi.core.import_columns import field_columns, row_values, unsaved
from fazhi.core.imports import ImportSpec, Planned, party, party_columns, party_fields
from fazhi.core.parts import PartyKind
from fazhi.orgs.scope import ensure_can_write

from . import filters, problems, selectors
from .models import (
    ActionOfficer,
    ActionParty,
    ActionProblem,
    ActionStatus,
    ActionStatusChange,
    ActionType,
    Certificate,
    EnforcementAction,
)

OFFICERS = "officers"


def columns(actor: Any) -> list[Column]:
    return [
        Column("body", "执法主体", "已登记的执法主体名称", required=True, width=24),
        *field_columns(
            EnforcementAction, "action_type", "case_number", "filed_on", "decided_on", "served_on"
        ),
        Column(OFFICERS, "执法人员执法证号", "多个用逗号分隔；行政处罚不少于两人", width=24),
        *field_columns(EnforcementAction, "penalty_kind", "penalty_amount", "is_major"),
        *party_columns("party", "当事人", required=True),
        *field_columns(EnforcementAction, "publicized_on", "recordings"),
    ]


EXAMPLE = {
    "body": "示例市市场监督管理局",
    "action_type": ActionType.PENALTY,
    "case_number": "示市监罚〔2019〕1号",
    "filed_on": "2019-07-01",
    "decided_on": "2019-08-01",
    "party_name": "示例市某某商贸有限公司",
    "party_kind": PartyKind.ORGANIZATION,
}


def _prepare(actor: Any) -> dict[str, Any]:
    """The actor's bodies by name and the certificates by number (one query each, not per row)."""
    bodies: dict[str, list[Any]] = defaultdict(list)
    qs = selectors.bodies_for(actor) if actor is not None else selectors.EnforcementBody.objects.all()
    for b in qs.select_related("org"):
        bodies[b.name].append(b)
    certs: dict[int, list[Certificate]] = defaultdict(list)
    by_number: dict[str, int] = {}
    for c in Certificate.objects.all():
        certs[c.officer_id].append(c)
        by_number[c.number] = c.officer_id
    return {"bodies": bodies, "certs": certs, "by_number": by_number}


def _build(row: dict[str, Any], ctx: dict[str, Any]) -> Planned:
    """A decision as ``services.create_action`` registers it, with its officers and its problems."""
    found = ctx["bodies"].get((row.get("body") or "").strip(), [])
    if len(found) != 1:
        why = "不存在或无权填报" if not found else "名称重复，请联系司法局"
        raise ValidationError({"body": f"执法主体「{row.get('body')}」{why}"})
    body = found[0]
    numbers = [n.strip() for n in (row.get(OFFICERS) or "").replace("，", ",").split(",") if n.strip()]
    unknown = [n for n in numbers if n not in ctx["by_number"]]
    if unknown:
        raise ValidationError({OFFICERS: f"执法证号不存在：{'、'.join(unknown)}"})
    officer_ids = list(dict.fromkeys(ctx["by_number"][n] for n in numbers))
    fields = ("action_type", "case_number", "filed_on", "decided_on", "served_on", "penalty_kind")
    a = unsaved(
        EnforcementAction,
        org=body.org,
        body=body,
        **row_values(EnforcementAction, row, *fields, "penalty_amount", "recordings", "publicized_on"),
        is_major=bool(row.get("is_major")),
    )
    a.status = ActionStatus.PUBLICIZED if a.publicized_on else ActionStatus.DECIDED
    problems.set_deadlines(a)
    codes = problems.codes_of(a, officer_ids, ctx["certs"], set()) if a.decided_on else []
    a.problem_count = len(codes)
    steps = [("import", "", ActionStatus.DECIDED, a.decided_on)]
    if a.publicized_on:
        steps.append(("publicize", ActionStatus.DECIDED, ActionStatus.PUBLICIZED, a.publicized_on))
    return Planned(
        a,
        children=[
            party(ActionParty, row, "party"),
            *(unsaved(ActionOfficer, officer_id=o) for o in officer_ids),
            *(unsaved(ActionProblem, code=c) for c in codes),
        ],
        history=steps,
        key=(body.pk, a.case_number),
    )


def _stored(keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], str]:
    bodies = {k[0] for k in keys}
    numbers = {k[1] for k in keys}
    rows = EnforcementAction.objects.filter(body_id__in=bodies, case_number__in=numbers).values_list(
        "body_id", "case_number"
    )
    return {(b, n): n for b, n in rows if (b, n) in set(keys)}


SPEC = ImportSpec(
    kind="enforcement",
    title="行政执法决定导入模板",
    model=EnforcementAction,
    parent="record",
    history_model=ActionStatusChange,
    columns=columns,
    example=EXAMPLE,
    prepare=_prepare,
    build=_build,
    fields={**party_fields("party"), "body": "body", "officers": OFFICERS, "org": "body"},
    org_column="body",
    authorize=ensure_can_write,
    stored_keys=_stored,
    key_column="case_number",
    key_stored="该执法主体已有案号「{label}」的执法决定",
    key_in_file="与第{row}行是同一执法主体的同一案号",
)


EXPORT = Export(
    [
        field("case_number", "案号/文书号"),
        field("body", "执法主体"),
        field("action_type", "执法类别"),
        *party_cells("parties", "当事人"),
        field("filed_on", "立案日期"),
        field("decided_on", "决定日期"),
        field("served_on", "送达日期"),
        field("penalty_kind", "处罚种类"),
        field("penalty_amount", "罚没金额（元）"),
        field("is_major", "重大执法决定"),
        field("publicity_due", "公示期限"),
        field("publicized_on", "公示日期"),
        field("status", "状态"),
        joined("problems", "code", "问题"),
    ],
    scoped=selectors.actions_for,
    related=selectors.actions_related,
    filterset=filters.ActionFilterSet,
    order=("-decided_on", "-id"),
)


def _tabular() -> list[Any]:
    from .register_imports import TABULAR as REGISTERS

    return [tabular_kind("行政执法决定", SPEC, EXPORT), *REGISTERS]  # ``fazhi import|export enforcement``


TABULAR = _tabular()
