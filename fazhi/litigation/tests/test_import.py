"""Excel: template with drop-downs and 说明, all-or-nothing import with every bad cell listed, hostile files,
export with masking."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core.excel import ExcelError
from fazhi.core.pii import mask_id
from fazhi.core.registry import registry
from fazhi.litigation import imports
from fazhi.litigation.models import LitigationCase
from fazhi.testing.factories import ID_NUMBER

from .test_views import client_for

pytestmark = pytest.mark.django_db


def workbook(actor, rows: list[dict]) -> bytes:  # type: ignore[no-untyped-def]
    cols = imports.columns(actor)
    wb = Workbook()
    ws = wb.active
    ws.append([c.header + ("*" if c.required else "") for c in cols])
    for row in rows:
        ws.append([row.get(c.key) for c in cols])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def good_row(units, n: int = 1, **kw):  # type: ignore[no-untyped-def]
    return {
        "court_case_number": f"(2019)浙0381行初{n}号",
        "court": units["court"].name,
        "instance": "一审",
        "defendant": units["d01"].name,
        "cause": "不服行政处罚决定",
        "act_category": "行政处罚",
        "served_on": "2019-07-04",
        "plaintiff_name": "张三",
        "plaintiff_kind": "自然人",
        "plaintiff_id": ID_NUMBER,
        "plaintiff_phone": "13812345678",
        "answer_filed_on": "2019-07-10",
        **kw,
    }


def test_template_has_dropdowns_and_instructions(units, bureau) -> None:
    wb = load_workbook(io.BytesIO(imports.template_bytes(bureau)))
    assert wb.sheetnames == ["数据", "示例", "代码", "说明"]
    formulas = [dv.formula1 for dv in wb["数据"].data_validations.dataValidation]
    assert len(formulas) >= 5 and all(f.startswith("=代码!") for f in formulas)
    assert "任何一行有误则全部不导入" in "".join(str(c.value) for row in wb["说明"].iter_rows() for c in row)
    resp = client_for(bureau).get(reverse("litigation:import_template"))
    assert resp.status_code == 200 and resp.content[:2] == b"PK"


def test_valid_file_imports_all_rows(units, bureau) -> None:
    data = workbook(bureau, [good_row(units, 1), good_row(units, 2, answer_filed_on=None)])
    result = imports.import_file(io.BytesIO(data), bureau)
    assert result.ok and result.created == 2
    assert set(LitigationCase.objects.values_list("status", flat=True)) == {"served", "answered"}
    assert registry.tabular["litigation"].importer is not None


def test_bad_rows_are_all_listed_and_nothing_is_imported(units, bureau) -> None:
    rows = [
        good_row(units, 1),
        good_row(units, 2, court_case_number="2019-2", served_on="昨天"),
        good_row(units, 3, plaintiff_id="330381198005060011", instance="四审"),
        good_row(units, 1),
    ]  # duplicate of row 2's number
    result = imports.import_file(io.BytesIO(workbook(bureau, rows)), bureau)
    text = [str(e) for e in result.errors]
    assert not result.ok and result.created == 0 and LitigationCase.objects.count() == 0
    assert any(t.startswith("第3行「收到起诉状副本日期」") for t in text)
    assert any(t.startswith("第4行「审级」") for t in text)
    assert any(t.startswith("第5行「法院案号」") and "已存在" in t for t in text)
    assert not any(t.startswith("第2行") for t in text)


def test_clerk_cannot_import_for_another_unit(units, clerk1) -> None:
    row = good_row(units, 1, defendant=units["d02"].name)
    result = imports.import_file(io.BytesIO(workbook(clerk1, [row])), clerk1)
    assert not result.ok and "不在可选值中" in str(result.errors[0])


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,cause\n1,2\n", "不是 Excel 2007"),
        (b"PK\x03\x04 broken", "损坏"),
        (
            _zip(
                {
                    "[Content_Types].xml": b"<x/>",
                    "xl/worksheets/sheet1.xml": b"<x/>",
                    "xl/vbaProject.bin": b"x",
                }
            ),
            "宏",
        ),
        (_zip({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": b"\0" * 30_000_000}), "压缩"),
    ],
)
def test_hostile_files_are_refused(units, bureau, content: bytes, message: str) -> None:
    with pytest.raises(ExcelError) as exc:
        imports.import_file(io.BytesIO(content), bureau)
    assert message in exc.value.messages[0]


def test_formula_cells_are_refused(units, bureau) -> None:
    row = good_row(units, 1, cause='=HYPERLINK("http://evil","x")')
    result = imports.import_file(io.BytesIO(workbook(bureau, [row])), bureau)
    assert not result.ok and "不允许使用公式" in str(result.errors[0])
    assert LitigationCase.objects.count() == 0


def test_upload_queues_a_job_and_imports_nothing_in_the_request(units, clerk1, settings, tmp_path) -> None:
    """The page stages the file and queues a background job (issue 9.7); rows are imported only by it."""
    from fazhi.core.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    c = client_for(clerk1)
    ok = SimpleUploadedFile("a.xlsx", workbook(clerk1, [good_row(units, 1)]))
    resp = c.post(reverse("litigation:case_import"), {"file": ok})
    job = ImportJob.objects.get(kind="litigation")
    assert resp.status_code == 302 and resp["Location"] == reverse("import_job", args=[job.pk])
    assert job.status == ImportJob.Status.QUEUED and LitigationCase.objects.count() == 0


def test_export_masks_for_clerks(units, bureau, clerk1, make_case) -> None:
    make_case(defendant="d01", served_on=date(2019, 3, 1))
    for user, expect in ((clerk1, mask_id(ID_NUMBER)), (bureau, ID_NUMBER)):
        resp = client_for(user).get(reverse("litigation:case_export"))
        ws = load_workbook(io.BytesIO(resp.content)).active
        values = [c.value for c in list(ws.iter_rows())[1]]
        assert expect in values
    buf = io.BytesIO()
    assert imports.export_file(buf, clerk1) == 1


def test_cli_import_and_export(units, bureau, tmp_path) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "cases.xlsx"
    path.write_bytes(workbook(bureau, [good_row(units, 1), good_row(units, 2, served_on="x")]))
    with pytest.raises(CommandError, match="未导入任何记录"):
        call_command("import_xlsx", "litigation", str(path), "--user", bureau.username)
    assert LitigationCase.objects.count() == 0
    path.write_bytes(workbook(bureau, [good_row(units, 1)]))
    call_command("import_xlsx", "litigation", str(path), "--user", bureau.username)
    path.write_bytes(workbook(bureau, [good_row(units, 2)]))
    call_command("import_xlsx", "litigation", str(path))  # no --user: a system import (TabularKind contract)
    assert LitigationCase.objects.count() == 2
    out = tmp_path / "out.xlsx"
    call_command("export_xlsx", "litigation", str(out))
    values = [c.value for c in list(load_workbook(out).active.iter_rows())[1]]
    assert mask_id(ID_NUMBER) in values and ID_NUMBER not in values
