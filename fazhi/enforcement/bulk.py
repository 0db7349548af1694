"""``POST /api/v1/enforcement/actions/bulk/``: up to 1 000 decisions a call from a sectoral system.

The records go through the Excel import's one declaration (``imports.SPEC`` run by ``core.imports.run``), so
there is one rule set: every record checked, all written or none, row errors in Chinese (第N条). Idempotent
on (body, case number): records already stored are reported as ``existing`` and not written again, so a
re-sent batch does not duplicate."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from rest_framework import serializers

from fazhi.core.imports import run

from . import imports, selectors
from .models import ActionType, EnforcementAction, PenaltyKind

MAX_RECORDS = 1000


class BulkRecordSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=100, help_text="执法主体名称")
    action_type = serializers.ChoiceField(choices=ActionType.choices)
    case_number = serializers.CharField(max_length=60)
    filed_on = serializers.DateField(required=False, allow_null=True)
    decided_on = serializers.DateField()
    served_on = serializers.DateField(required=False, allow_null=True)
    officers = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, help_text="执法证号"
    )
    penalty_kind = serializers.ChoiceField(choices=PenaltyKind.choices, required=False, allow_blank=True)
    penalty_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    is_major = serializers.BooleanField(required=False, default=False)
    party_kind = serializers.ChoiceField(choices=[("person", "自然人"), ("organization", "法人或其他组织")])
    party_name = serializers.CharField(max_length=100)
    party_id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    publicized_on = serializers.DateField(required=False, allow_null=True)
    recordings = serializers.CharField(max_length=200, required=False, allow_blank=True)


class BulkSerializer(serializers.Serializer):
    records = BulkRecordSerializer(many=True, allow_empty=False, max_length=MAX_RECORDS)


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    existing = serializers.ListField(child=serializers.CharField(), help_text="已存在而未重复写入的案号")
    errors = serializers.ListField(child=serializers.CharField())


def _cell(key: str, value: Any) -> Any:
    if key == "officers":
        return ",".join(value or [])
    if key == "is_major":
        return "是" if value else "否"
    if key == "party_id":
        return value
    return None if value in (None, "") else str(value)


def _texts(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _sheet(records: list[dict[str, Any]], actor: Any) -> io.BytesIO:
    """The records as the import template's data sheet (header row 1, data from row 2)."""
    cols = imports.columns(actor)
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append([c.header for c in cols])
    source = {"party_id": "party_id_number"}
    for r in records:
        ws.append([_cell(c.key, r.get(source.get(c.key, c.key))) for c in cols])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def intake(records: list[dict[str, Any]], actor: Any) -> dict[str, Any]:
    """Write the new records of the batch (all or none); report those already stored."""
    if len(records) > MAX_RECORDS:
        raise ValidationError(f"每次最多报送{MAX_RECORDS}条执法决定")
    names = {r["body"] for r in records}
    stored = set(
        EnforcementAction.objects.filter(
            body__in=selectors.bodies_for(actor).filter(name__in=names),
            case_number__in={r["case_number"] for r in records},
        ).values_list("body__name", "case_number")
    )
    fresh = [r for r in records if (r["body"], r["case_number"]) not in stored]
    existing = [r["case_number"] for r in records if (r["body"], r["case_number"]) in stored]
    if not fresh:
        return {"created": 0, "existing": existing, "errors": []}
    index = [i for i, r in enumerate(records) if (r["body"], r["case_number"]) not in stored]
    unprintable = [
        f"第{index[n] + 1}条「{key}」：含有不可见的控制字符，请删除后重新报送"
        for n, r in enumerate(fresh)
        for key, value in r.items()
        if any(isinstance(v, str) and ILLEGAL_CHARACTERS_RE.search(v) for v in _texts(value))
    ]
    if unprintable:
        return {"created": 0, "existing": existing, "errors": unprintable}
    result = run(imports.SPEC, _sheet(fresh, actor), actor)
    errors = [
        f"第{index[e.row - 2] + 1}条" + (f"「{e.column}」" if e.column else "") + f"：{e.message}"
        if e.row >= 2
        else e.message
        for e in result.errors
    ]
    return {"created": 0 if errors else result.created, "existing": existing, "errors": errors}
