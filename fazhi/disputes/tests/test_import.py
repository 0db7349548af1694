"""Dispute Excel: template, all-or-nothing import listing every bad cell, hostile files, masked export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core.excel import ExcelError
from fazhi.core.imports import run
from fazhi.core.pii import mask_id
from fazhi.disputes import imports
from fazhi.disputes.models import Dispute
from fazhi.testing.factories import ID_NUMBER

from .test_views import client_for

pytestmark = pytest.mark.django_db


def workbook(actor, rows):  # type: ignore[no-untyped-def]
    cols = imports.columns(actor)
    wb = Workbook()
    ws = wb.active
    ws.append([c.header + ("*" if c.required else "") for c in cols])
    for row in rows:
        ws.append([row.get(c.key) for c in cols])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def row(units, **kw):  # type: ignore[no-untyped-def]
    return {
        "org": units["d01"].name,
        "source": "诉前",
        "channel": "法院化解",
        "opened_on": "2019-03-01",
        "summary": "征收补偿争议",
        "party_name": "张三",
        "party_kind": "自然人",
        "party_id": ID_NUMBER,
        "closed_on": "2019-04-01",
        "resolved": "是",
        **kw,
    }


def test_template(units, bureau) -> None:
    wb = load_workbook(io.BytesIO(imports.SPEC.template(bureau)))
    assert wb.sheetnames == ["数据", "示例", "代码", "说明"]
    assert len(wb["数据"].data_validations.dataValidation) >= 4
    assert client_for(bureau).get(reverse("disputes:import_template")).status_code == 200


def test_import_all_or_nothing(units, bureau) -> None:
    ok = run(
        imports.SPEC,
        io.BytesIO(
            workbook(bureau, [row(units), row(units, party_name="李四", closed_on=None, resolved=None)])
        ),
        bureau,
    )
    assert ok.ok and ok.created == 2 and Dispute.objects.filter(resolved=True).count() == 1
    bad = [
        row(units),
        row(units, channel="不知道", opened_on="3月"),
        row(units, resolved=None),
        row(units, party_id="123"),
    ]
    result = run(imports.SPEC, io.BytesIO(workbook(bureau, bad)), bureau)
    text = [str(e) for e in result.errors]
    assert result.created == 0 and Dispute.objects.count() == 2
    assert any(t.startswith("第3行「化解渠道」") for t in text) and any(
        t.startswith("第3行「受理日期」") for t in text
    )
    assert any(t.startswith("第4行「是否化解成功」") for t in text)
    assert any(t.startswith("第5行") and "身份证号" in t for t in text)


@pytest.mark.parametrize(
    ("content", "message"), [(b"not excel", "不是 Excel 2007"), (b"PK\x03\x04xx", "损坏")]
)
def test_hostile_files(units, bureau, content, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ExcelError) as exc:
        run(imports.SPEC, io.BytesIO(content), bureau)
    assert message in exc.value.messages[0]


def test_formula_refused_and_export_masked(units, bureau, clerk1) -> None:
    result = run(imports.SPEC, io.BytesIO(workbook(bureau, [row(units, summary="=1+1")])), bureau)
    assert not result.ok and "公式" in str(result.errors[0])
    run(imports.SPEC, io.BytesIO(workbook(bureau, [row(units)])), bureau)
    resp = client_for(clerk1).get(reverse("disputes:dispute_export"))
    values = [c.value for c in list(load_workbook(io.BytesIO(resp.content)).active.iter_rows())[1]]
    assert mask_id(ID_NUMBER) in values and ID_NUMBER not in values
