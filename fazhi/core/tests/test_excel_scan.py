"""The plain-value reader (calamine) reads exactly what openpyxl's cells read, and is used only when
the member scan found no formula and no error cell (issue 17: sheet reading was a third of an import)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook

from fazhi.core.excel import Column, ExcelError, data_rows_estimate, open_workbook_safely, read_rows
from fazhi.core.excel_scan import PlainWorkbook, scan_member

COLUMNS = [
    Column("name", "名称", required=True),
    Column("on", "日期", required=True, kind="date"),
    Column("kind", "类别", kind="choice", choices=[("a", "甲类"), ("b", "乙类")]),
    Column("flag", "是否", kind="bool"),
    Column("n", "数量", kind="int"),
    Column("phone", "电话"),
    Column("note", "备注"),
]
HEADERS = [c.header for c in COLUMNS]


def _xlsx(rows: list[list[Any]], *, first_row: list[Any] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(first_row if first_row is not None else HEADERS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _both(data: bytes) -> tuple[Any, Any]:
    """(plain reader's result, openpyxl cells' result) of the same file; each an ExcelError or rows."""
    out = []
    for plain in (True, False):
        wb = open_workbook_safely(io.BytesIO(data), plain_values=plain)
        assert isinstance(wb, PlainWorkbook) is plain  # a formula-free file takes the fast path
        try:
            rows, errors = read_rows(wb, COLUMNS)
            out.append((rows, [str(e) for e in errors]))
        except ExcelError as e:
            out.append(e.messages)
    return out[0], out[1]


def test_plain_values_read_as_openpyxl_cells_do() -> None:
    rows = [
        ["张三", date(2024, 3, 1), "甲类", "是", 3, 13800138000, "  有空格  "],
        ["李四", "2024/3/2", "b", True, "4", "0571-8888", 1.5],
        [None, None, None, None, None, None, None],  # empty: skipped
        ["王五", datetime(2024, 3, 3, 10, 30), "丙类", "也许", "x", None, date(2024, 1, 2)],
        ["赵六", 20240304, None, "否", 2.0, None, "文本"],
        ["", "2024-02-30", None, None, None, None, None],
    ]
    plain, cells = _both(_xlsx(rows))
    assert plain == cells
    parsed, errors = plain
    assert [r["_row"] for r in parsed] == [2, 3, 5, 6, 7]
    assert parsed[0]["phone"] == "13800138000" and parsed[0]["n"] == 3 and parsed[0]["note"] == "有空格"
    assert parsed[1]["on"] == date(2024, 3, 2) and parsed[1]["flag"] is True and parsed[1]["note"] == "1.5"
    assert "第5行「类别」" in " ".join(errors) and "第7行「日期」：日期「2024-02-30」不存在" in " ".join(
        errors
    )


def test_header_row_missing_or_shifted_reads_alike() -> None:
    """calamine starts at the first cell holding a value; row numbers and columns still match Excel's."""
    shifted = _xlsx([["张三", date(2024, 3, 1)]], first_row=[None, None])
    assert _both(shifted)[0] == _both(shifted)[1] == ["缺少必填列「名称」，请使用下载的导入模板"]
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    for i, header in enumerate(["", *HEADERS], start=1):
        ws.cell(row=1, column=i, value=header or None)
    ws.cell(row=3, column=2, value="张三")
    ws.cell(row=3, column=3, value=date(2024, 3, 1))
    buf = io.BytesIO()
    wb.save(buf)
    plain, cells = _both(buf.getvalue())
    assert (
        plain
        == cells
        == (
            [
                {
                    "_row": 3,
                    "name": "张三",
                    "on": date(2024, 3, 1),
                    **dict.fromkeys(["kind", "flag", "n", "phone", "note"]),
                }
            ],
            [],
        )
    )


def test_formula_or_error_cell_anywhere_reads_through_cells() -> None:
    """A formula is refused with its row and column (not a value); #N/A reads as its text as before."""
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(HEADERS)
    ws.append(["张三", date(2024, 3, 1), None, None, "=1+1", None, None])
    ws.append(["李四", date(2024, 3, 2), None, None, None, None, "#N/A"])
    buf = io.BytesIO()
    wb.save(buf)
    book = open_workbook_safely(io.BytesIO(buf.getvalue()), plain_values=True)
    assert not isinstance(book, PlainWorkbook)
    rows, errors = read_rows(book, COLUMNS)
    assert [str(e) for e in errors] == ["第2行「数量」：不允许使用公式，请填写数值"]
    assert rows[1]["note"] == "#N/A"
    other = Workbook()
    other.active.append(["x"])
    other.create_sheet("计算").append(["=SUM(A1:A2)"])
    buf = io.BytesIO()
    other.save(buf)
    assert not isinstance(open_workbook_safely(io.BytesIO(buf.getvalue()), plain_values=True), PlainWorkbook)


def test_scan_counts_every_cell_across_pieces() -> None:
    """The sheet is read in 64 KB pieces cut before a '<': no cell is lost or counted twice."""
    data = _xlsx([[f"名称{i}", date(2024, 1, 1), "甲类", "是", i, None, "x" * (i % 97)] for i in range(3000)])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size > 4 * (1 << 16)
        scan = scan_member(zf, info, sheet=True)
    written = 7 + 3000 * 6  # openpyxl writes a cell for "" too, none for None
    assert (scan.cells, scan.formulas, scan.error_cells, scan.dtd) == (written, False, False, False)


def test_row_estimate_and_damaged_sheet_alike() -> None:
    """The progress estimate comes from either reader; a damaged sheet is an ExcelError from both."""
    data = _xlsx([["张三", date(2024, 3, 1)]] * 3)
    for plain in (True, False):
        assert data_rows_estimate(open_workbook_safely(io.BytesIO(data), plain_values=plain)) == 3
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body[: len(body) // 2]
            dst.writestr(info, body)
    for plain in (True, False):
        try:
            read_rows(open_workbook_safely(io.BytesIO(broken.getvalue()), plain_values=plain), COLUMNS)
        except ExcelError as e:
            assert "无法解析" in e.messages[0]
        else:
            raise AssertionError("a truncated sheet was read")
