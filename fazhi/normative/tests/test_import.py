"""Excel of 行政规范性文件: all-or-nothing import naming each bad row and cell (文号, term limit of RULES §5,
repeats), and the export of what was imported (round trip)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core.imports import run
from fazhi.normative import imports
from fazhi.normative.models import DocumentStatusChange, NormativeDocument, Status
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


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
        "issuer": units["gov"].name,
        "title": "关于城市绿化管理的办法",
        "doc_number": "示政发〔2019〕3号",
        "registration_number": "示规〔2019〕1号",
        "published_on": "2019-04-01",
        "valid_years": 5,
        "filed_on": "2019-04-20",
        **kw,
    }


def test_import_all_or_nothing_then_export_round_trip(units, bureau) -> None:  # type: ignore[no-untyped-def]
    bad = [
        row(units),
        row(units, doc_number="示政发2019年4号", registration_number="示规〔2019〕2号"),  # 文号
        row(
            units, doc_number="示政发〔2019〕5号", title="城市道路占用暂行办法", valid_years=3
        ),  # RULES §5: ≤ 2
        row(units, registration_number="示规〔2019〕9号"),  # same 文号 as row 2 of the data
    ]
    result = run(imports.SPEC, io.BytesIO(workbook(bureau, bad)), bureau)
    text = " ".join(str(e) for e in result.errors)
    assert not result.ok and not NormativeDocument.objects.exists(), text
    assert "第3行" in text and "示政发〔2019〕3号" in text and "最长2年" in text and "第2行" in text
    good = [
        row(units),
        row(
            units,
            doc_number="示政发〔2019〕4号",
            registration_number="示规〔2019〕2号",
            filed_on="2019-06-01",
        ),
    ]
    result = run(imports.SPEC, io.BytesIO(workbook(bureau, good)), bureau)
    assert result.ok and result.created == 2
    docs = NormativeDocument.objects.order_by("doc_number")
    assert {d.status for d in docs} == {Status.PUBLISHED} and [d.filed_on_time for d in docs] == [True, False]
    assert DocumentStatusChange.objects.filter(action="publish").count() == 2
    r = page(bureau).get(reverse("normative:document_export"), {"year": "2019"})
    exported = load_workbook(io.BytesIO(r.content)).active
    numbers = sorted(row[0] for row in exported.iter_rows(min_row=2, values_only=True) if row[0])
    assert numbers == ["示政发〔2019〕3号", "示政发〔2019〕4号"]


def test_draft_rows_without_a_registration_number_import(units, bureau) -> None:  # type: ignore[no-untyped-def]
    """Drafts carry no 统一编号 yet: the partial unique constraint on (issuer, registration_number) covers
    numbered documents only, so two drafts with an empty number are not a clash (its condition is not a
    CHECK every row must pass)."""
    drafts = [
        row(units, registration_number="", published_on=None, valid_years=None, filed_on=None),
        row(
            units,
            doc_number="示政发〔2019〕4号",
            registration_number="",
            published_on=None,
            valid_years=None,
            filed_on=None,
        ),
    ]
    result = run(imports.SPEC, io.BytesIO(workbook(bureau, drafts)), bureau)
    assert not result.errors, result.errors
    assert NormativeDocument.objects.filter(status=Status.DRAFT, registration_number="").count() == 2
