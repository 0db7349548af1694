"""The plain-value reader (``excel_stream``) reads exactly what openpyxl's cells read, and is used only when
the member scan found no formula and no error cell (issue 17: sheet reading was a third of an import;
memory flat in the rows)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook

from fazhi.core.excel import Column, ExcelError, data_rows_estimate, open_workbook_safely, read_rows
from fazhi.core.excel_scan import scan_member
from fazhi.core.excel_stream import StreamWorkbook

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
        assert isinstance(wb, StreamWorkbook) is plain  # a formula-free file takes the fast path
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
    """Row 1 or column A empty: row numbers and columns still match Excel's."""
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
    assert not isinstance(book, StreamWorkbook)
    rows, errors = read_rows(book, COLUMNS)
    assert [str(e) for e in errors] == ["第2行「数量」：不允许使用公式，请填写数值"]
    assert rows[1]["note"] == "#N/A"
    other = Workbook()
    other.active.append(["x"])
    other.create_sheet("计算").append(["=SUM(A1:A2)"])
    buf = io.BytesIO()
    other.save(buf)
    assert not isinstance(open_workbook_safely(io.BytesIO(buf.getvalue()), plain_values=True), StreamWorkbook)


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


def _with_sheet(sheet_xml: bytes, *, shared: bytes | None = None, workbook_pr: bytes = b"") -> bytes:
    """A workbook saved by openpyxl whose first sheet's XML (and shared strings) is replaced: the forms
    other programs write, which the expressions of the fast path do not all match."""
    base = _xlsx([["x", date(2024, 1, 1)]])  # its styles hold a date style (s="1")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names:
            body = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                body = sheet_xml
            elif name == "xl/workbook.xml" and workbook_pr:
                body = body.replace(b"<workbookPr/>", workbook_pr)
            elif name == "xl/_rels/workbook.xml.rels" and shared is not None:
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId9"/></Relationships>',
                )
            elif name == "[Content_Types].xml" and shared is not None:
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            dst.writestr(name, body)
        if shared is not None:
            dst.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()


MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _header_cells() -> bytes:
    return b"".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'.encode() for i, h in enumerate(HEADERS)
    )


def test_write_only_files_and_unusual_forms_read_alike() -> None:
    """openpyxl's write-only files (inline strings, every Chinese character a reference) take the fast
    path; rows in forms it does not match — another attribute, rich text, whitespace, no ``r`` — and
    sheets in a prefixed namespace are read by lxml; either way the values are openpyxl's."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    ws.append(HEADERS)
    ws.append(["张三 & <李四>", date(2024, 3, 1), "甲类", "是", 3, 13800138000, "  备注\n第二行 "])
    ws.append(["王五", datetime(2024, 3, 3, 10, 30), "b", True, 4.0, "0571-8888", 1.5])
    buf = io.BytesIO()
    wb.save(buf)
    plain, cells = _both(buf.getvalue())
    assert plain == cells and plain[0][0]["name"] == "张三 & <李四>" and plain[0][1]["n"] == 4

    body = (
        '<row r="2" spans="1:7">'
        '<c r="A2" t="s"><v>0</v></c><c r="B2" s="1"><v>45352</v></c><c r="C2" t="s" cm="1"><v>1</v></c>'
        "</row>"
        '<row r="3">\n  <c r="A3" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c>\n'
        '  <c r="B3" t="inlineStr"><is><t>2024-03-02</t></is></c><c r="E3" t="b"><v>1</v></c></row>'
        '<row r="4"/>'
        '<row><c t="inlineStr"><is><t>无坐标\r\n行</t></is></c><c><v>45353</v></c>'
        '<c r="G5" t="inlineStr"><is><t xml:space="preserve"> 空格 &#x41;&#66;&quot;</t></is></c></row>'
    ).encode()
    sheet = (
        b"<worksheet "
        + MAIN
        + b'><sheetData><row r="1">'
        + _header_cells()
        + b"</row>"
        + body
        + b"</sheetData></worksheet>"
    )
    shared = (
        b"<sst "
        + MAIN
        + b' count="2" uniqueCount="2">'
        + "<si><t>共享</t></si>".encode()
        + '<si><r><t>富</t></r><r><rPr/><t>文本</t></r><rPh sb="0" eb="1"><t>フ</t></rPh></si></sst>'.encode()
    )
    data = _with_sheet(sheet, shared=shared)
    plain, cells = _both(data)
    assert plain == cells
    assert [r["name"] for r in plain[0]] == ["共享", "富文本", "无坐标\n行"]
    assert plain[0][2]["note"] == '空格 AB"'  # stripped by the column, as from openpyxl

    prefixed = sheet.replace(
        b"<worksheet " + MAIN,
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
    )
    prefixed = prefixed.replace(b"</worksheet>", b"</x:worksheet>")
    for tag in (b"sheetData", b"row", b"c", b"v", b"is", b"t", b"r"):
        prefixed = prefixed.replace(b"<" + tag + b">", b"<x:" + tag + b">").replace(
            b"<" + tag + b" ", b"<x:" + tag + b" "
        )
        prefixed = prefixed.replace(b"</" + tag + b">", b"</x:" + tag + b">").replace(
            b"<" + tag + b"/>", b"<x:" + tag + b"/>"
        )
    assert _both(_with_sheet(prefixed, shared=shared)) == (plain, cells)


def test_1904_dates_read_alike() -> None:
    """A workbook in the 1904 date system: the same serial is another day."""
    sheet = (
        b"<worksheet " + MAIN + b'><sheetData><row r="1">' + _header_cells() + b"</row>"
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2" s="1"><v>43890</v></c></row>'
        b"</sheetData></worksheet>"
    )
    plain, cells = _both(_with_sheet(sheet, workbook_pr=b'<workbookPr date1904="1"/>'))
    assert plain == cells, (plain, cells)
    assert plain[0][0]["on"] == date(2024, 3, 1), plain


def test_memory_flat_in_the_rows() -> None:
    """The reader holds one row at a time: reading ten times the rows does not take ten times the memory
    (issue 17: calamine held the whole sheet, 146 MB → 225 MB at 100 000 rows)."""
    import tracemalloc

    peaks = []
    for n in (4_000, 16_000):  # both beyond one piece of sheet XML (excel_stream._PIECE)
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("数据")
        ws.append(HEADERS)
        for i in range(n):
            ws.append(
                [f"名称{i}", date(2024, 1, 1 + i % 28), "甲类", "是", i, f"138{i:08d}", "备注" * (i % 5)]
            )
        buf = io.BytesIO()
        wb.save(buf)
        book = open_workbook_safely(io.BytesIO(buf.getvalue()), plain_values=True)
        assert isinstance(book, StreamWorkbook) and data_rows_estimate(book) == n
        tracemalloc.start()
        rows = sum(1 for _ in book["数据"].rows())
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert rows == n + 1
    assert peaks[1] < 1.25 * peaks[0], peaks
