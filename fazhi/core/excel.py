"""Excel import and export shared by every module.

* ``open_workbook_safely``: refuses anything that is not a sane xlsx (size, zip structure,
  zip-bomb ratio, macros) with a Chinese message before openpyxl parses it.
* ``build_template``: Chinese headers, drop-down lists for coded columns, a 说明 sheet.
* ``read_rows``: cell values by column spec, with every bad cell explained in Chinese; formulas
  are refused (a formula is not data and may be an injection).
* ``write_export``: streamed write-only workbook; text that a spreadsheet would run as a formula is
  neutralised.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_ROWS = 20000


class ExcelError(ValidationError):
    """The file as a whole is unusable; nothing was imported."""


@dataclass
class Column:
    key: str
    header: str
    help: str = ""
    required: bool = False
    kind: str = "text"  # text | date | int | bool | choice
    choices: list[tuple[str, str]] = field(default_factory=list)  # (code, label)
    width: int = 16

    def parse(self, raw: Any) -> Any:
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            if self.required:
                raise ValidationError("必填")
            return None
        if self.kind == "date":
            if isinstance(raw, datetime):
                return raw.date()
            if isinstance(raw, date):
                return raw
            text = str(raw).strip().replace("/", "-").replace(".", "-")
            for sep in ("年", "月"):
                text = text.replace(sep, "-")
            text = text.replace("日", "")
            try:
                y, m, d = (int(p) for p in text.split("-"))
                return date(y, m, d)
            except (ValueError, TypeError):
                raise ValidationError(f"日期「{raw}」无法识别，请写作 2019-07-04") from None
        if self.kind == "int":
            try:
                value = int(str(raw).strip())
            except ValueError:
                raise ValidationError(f"「{raw}」不是整数") from None
            return value
        if self.kind == "bool":
            text = str(raw).strip()
            if text in {"是", "Y", "y", "1", "True", "TRUE", "true"}:
                return True
            if text in {"否", "N", "n", "0", "False", "FALSE", "false"}:
                return False
            raise ValidationError(f"「{raw}」应填写「是」或「否」")
        if self.kind == "choice":
            text = str(raw).strip()
            for code, label in self.choices:
                if text in (code, label):
                    return code
            raise ValidationError(
                f"「{raw}」不在可选值中（可选：{'、'.join(label for _, label in self.choices)}）"
            )
        return str(raw).strip()


@dataclass
class CellError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"「{self.column}」" if self.column else "")
        return f"{where}：{self.message}"


def open_workbook_safely(source: str | Path | BinaryIO, *, max_bytes: int | None = None) -> Any:
    """Check an uploaded file and open it read-only; raises ExcelError with a Chinese message."""
    max_bytes = max_bytes or settings.FAZHI_IMPORT_MAX_BYTES
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    if len(data) > max_bytes:
        raise ExcelError(f"文件过大（{len(data) // 1024} KB），上限为 {max_bytes // 1024 // 1024} MB")
    if not data.startswith(b"PK\x03\x04"):
        raise ExcelError("文件不是 Excel 2007 及以上格式（.xlsx），请使用下载的导入模板")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
                raise ExcelError("文件不是有效的 Excel 工作簿")
            if "xl/vbaProject.bin" in names:
                raise ExcelError("文件包含宏，出于安全原因不予导入")
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if (
                    info.compress_size
                    and info.file_size / info.compress_size > MAX_RATIO
                    and info.file_size > 1_000_000
                ):
                    raise ExcelError("文件压缩比异常（疑似压缩炸弹），拒绝导入")
            if total > MAX_UNCOMPRESSED:
                raise ExcelError("文件解压后过大，拒绝导入")
    except zipfile.BadZipFile:
        raise ExcelError("文件已损坏，无法打开") from None
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ExcelError:
        raise
    except Exception:  # openpyxl raises many types on malformed XML
        raise ExcelError("文件内容无法解析，请使用下载的导入模板重新填写") from None


def read_rows(
    wb: Any, columns: list[Column], *, sheet: str | None = None
) -> tuple[list[dict[str, Any]], list[CellError]]:
    """Parse the data sheet: header row 1, data from row 2. Returns (rows, errors)."""
    ws = wb[sheet] if sheet else wb.worksheets[0]
    rows_iter = ws.iter_rows(values_only=False)
    try:
        header_cells = next(rows_iter)
    except StopIteration:
        raise ExcelError("工作表为空") from None
    headers = [str(c.value).strip().rstrip("*") if c.value is not None else "" for c in header_cells]
    index: dict[str, int] = {}
    for col in columns:
        if col.header in headers:
            index[col.key] = headers.index(col.header)
        elif col.required:
            raise ExcelError(f"缺少必填列「{col.header}」，请使用下载的导入模板")
    parsed: list[dict[str, Any]] = []
    errors: list[CellError] = []
    for excel_row, cells in enumerate(rows_iter, start=2):
        if excel_row - 1 > MAX_ROWS:
            raise ExcelError(f"单次最多导入 {MAX_ROWS} 行")
        if all(c.value is None or str(c.value).strip() == "" for c in cells):
            continue
        row: dict[str, Any] = {"_row": excel_row}
        for col in columns:
            i = index.get(col.key)
            cell = cells[i] if i is not None and i < len(cells) else None
            if cell is not None and cell.data_type == "f":
                errors.append(CellError(excel_row, col.header, "不允许使用公式，请填写数值"))
                continue
            try:
                row[col.key] = col.parse(cell.value if cell is not None else None)
            except ValidationError as e:
                errors.append(CellError(excel_row, col.header, "；".join(e.messages)))
        parsed.append(row)
    if not parsed and not errors:
        raise ExcelError("文件中没有数据行")
    return parsed, errors


def build_template(columns: list[Column], *, title: str, example: dict[str, Any] | None = None) -> bytes:
    """An import template: data sheet with headers and drop-downs, a 说明 sheet, a 代码 sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    codes = wb.create_sheet("代码")
    help_ws = wb.create_sheet("说明")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    code_col = 1
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=col.header + ("*" if col.required else ""))
        cell.font = bold
        cell.fill = fill
        ws.column_dimensions[get_column_letter(i)].width = col.width
        letter = get_column_letter(i)
        if col.kind == "choice" and col.choices:
            codes.cell(row=1, column=code_col, value=col.header).font = bold
            for j, (_, label) in enumerate(col.choices, start=2):
                codes.cell(row=j, column=code_col, value=label)
            cl = get_column_letter(code_col)
            dv = DataValidation(
                type="list",
                formula1=f"=代码!${cl}$2:${cl}${len(col.choices) + 1}",
                allow_blank=not col.required,
            )
            dv.error = f"请从下拉列表中选择「{col.header}」"
            dv.errorTitle = "输入无效"
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            code_col += 1
        elif col.kind == "bool":
            dv = DataValidation(type="list", formula1='"是,否"', allow_blank=not col.required)
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        elif col.kind == "date":
            for r in range(2, 3):
                ws.cell(row=r, column=i).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    if example:
        for i, col in enumerate(columns, start=1):
            value = example.get(col.key)
            if col.kind == "choice":
                value = dict(col.choices).get(value, value)
            elif col.kind == "bool" and value is not None:
                value = "是" if value else "否"
            ws.cell(row=2, column=i, value=value)
    help_ws.append(["列名", "是否必填", "格式", "说明"])
    for c in help_ws[1]:
        c.font = bold
    kinds = {
        "text": "文本",
        "date": "日期（如 2019-07-04）",
        "int": "整数",
        "bool": "是/否",
        "choice": "从下拉列表选择",
    }
    for col in columns:
        help_ws.append([col.header, "是" if col.required else "否", kinds[col.kind], col.help])
    help_ws.append([])
    help_ws.append([f"{title}：第一行为列名，请勿修改；从第二行起每行一条记录。带 * 的列必填。"])
    help_ws.append(["导入时逐行校验，任何一行有误则全部不导入，并列出每个错误的行号和列名。"])
    for letter, width in zip("ABCD", (18, 10, 22, 60), strict=True):
        help_ws.column_dimensions[letter].width = width
    for row in help_ws.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would evaluate as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_export(
    target: str | Path | BinaryIO,
    headers: list[str],
    rows: Iterable[Iterable[Any]],
    *,
    sheet_title: str = "数据",
    widths: list[int] | None = None,
) -> int:
    """Stream rows into a write-only workbook; returns the number of data rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title)
    for i, w in enumerate(widths or [16] * len(headers), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.append(headers)
    n = 0
    for row in rows:
        ws.append([safe_cell(v) for v in row])
        n += 1
    wb.save(target)
    return n


def export_response(
    filename: str, headers: list[str], rows: Iterable[Iterable[Any]], widths: list[int] | None = None
) -> Any:
    """An HttpResponse with the xlsx as attachment (Chinese filename, RFC 5987)."""
    from urllib.parse import quote

    from django.http import HttpResponse

    buf = io.BytesIO()
    write_export(buf, headers, rows, widths=widths)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


Validator = Callable[[dict[str, Any]], None]
