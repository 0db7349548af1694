"""Excel helpers: templates with drop-downs, row-level Chinese errors, hostile files refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.conf import settings
from openpyxl import Workbook, load_workbook

from fazhi.core.excel import Column, ExcelError, build_template, open_workbook_safely, read_rows, write_export

COLUMNS = [
    Column("name", "名称", required=True),
    Column("on", "日期", required=True, kind="date"),
    Column("kind", "类别", kind="choice", choices=[("a", "甲类"), ("b", "乙类")]),
    Column("flag", "是否", kind="bool"),
    Column("n", "数量", kind="int"),
]


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in COLUMNS])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_template_has_dropdowns_and_help_sheet() -> None:
    wb = load_workbook(io.BytesIO(build_template(COLUMNS, title="测试")))
    assert wb.sheetnames == ["数据", "代码", "说明"]
    ws = wb["数据"]
    assert [c.value for c in ws[1]] == ["名称*", "日期*", "类别", "是否", "数量"]
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("代码!" in f for f in formulas)
    assert '"是,否"' in formulas
    assert [c.value for c in wb["代码"]["A"]][:3] == ["类别", "甲类", "乙类"]
    assert wb["说明"]["A2"].value == "名称"


def test_template_round_trips_through_the_reader() -> None:
    data = build_template(
        COLUMNS, title="测试", example={"name": "样例", "on": date(2019, 7, 4), "kind": "b"}
    )
    rows, errors = read_rows(open_workbook_safely(io.BytesIO(data)), COLUMNS, sheet="示例")
    assert errors == []
    assert rows[0]["name"] == "样例" and rows[0]["on"] == date(2019, 7, 4) and rows[0]["kind"] == "b"
    # the example is on its own sheet: the data sheet of an untouched template has nothing to import
    with pytest.raises(ExcelError, match="没有数据行"):
        read_rows(open_workbook_safely(io.BytesIO(data)), COLUMNS)


def test_every_bad_cell_is_explained() -> None:
    data = _xlsx([["甲", "2019年7月4日", "甲类", "是", 3], ["", "明天", "丙类", "也许", "三"]])
    rows, errors = read_rows(open_workbook_safely(io.BytesIO(data)), COLUMNS)
    assert rows[0]["on"] == date(2019, 7, 4) and rows[0]["flag"] is True
    messages = [str(e) for e in errors]
    assert any(m.startswith("第3行「名称」") and "必填" in m for m in messages)
    assert any("第3行「日期」" in m and "无法识别" in m for m in messages)
    assert any("第3行「类别」" in m and "不在可选值中" in m for m in messages)
    assert any("第3行「是否」" in m for m in messages)
    assert any("第3行「数量」" in m and "不是整数" in m for m in messages)


def test_formulas_are_refused() -> None:
    data = _xlsx([['=HYPERLINK("http://x","点我")', "2019-01-01", None, None, None]])
    _, errors = read_rows(open_workbook_safely(io.BytesIO(data)), COLUMNS)
    assert [str(e) for e in errors] == ["第2行「名称」：不允许使用公式，请填写数值"]


def test_missing_required_column() -> None:
    wb = Workbook()
    wb.active.append(["名称"])
    wb.active.append(["甲"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ExcelError, match="缺少必填列「日期」"):
        read_rows(open_workbook_safely(io.BytesIO(buf.getvalue())), COLUMNS)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"name,date\n\xe7\x94\xb2,2019-01-01\n", "不是 Excel"),
        (b"PK\x03\x04" + b"\x00" * 200, "损坏"),
        (b"\x00" * (settings.FAZHI_IMPORT_MAX_BYTES + 1), "文件过大"),
    ],
)
def test_hostile_or_wrong_files(payload: bytes, message: str) -> None:
    with pytest.raises(ExcelError, match=message):
        open_workbook_safely(io.BytesIO(payload))


def test_zip_bomb_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    assert len(buf.getvalue()) < 1024 * 1024
    with pytest.raises(ExcelError, match="压缩"):
        open_workbook_safely(io.BytesIO(buf.getvalue()))


def test_macro_workbook_is_refused() -> None:
    data = io.BytesIO(_xlsx([["甲", "2019-01-01", None, None, None]]))
    out = io.BytesIO()
    with zipfile.ZipFile(data) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\x00" * 100)
    with pytest.raises(ExcelError, match="宏"):
        open_workbook_safely(io.BytesIO(out.getvalue()))


def test_export_neutralises_formula_text() -> None:
    buf = io.BytesIO()
    n = write_export(buf, ["名称", "数量"], [["=1+1", 2], ["正常", 3]])
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    assert n == 2
    assert ws["A2"].value == "'=1+1" and ws["A2"].data_type == "s"
    assert ws["B3"].value == 3
