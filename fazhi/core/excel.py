"""Excel import and export shared by every module.

* ``open_workbook_safely``: refuses anything that is not a sane xlsx (size, zip structure,
  zip-bomb ratio, macros) with a Chinese message before openpyxl parses it.
* ``build_template``: Chinese headers, drop-down lists for coded columns, a 说明 sheet.
* ``read_rows``: cell values by column spec, with every bad cell explained in Chinese; formulas
  are refused (a formula is not data and may be an injection). A workbook without formulas opened
  with ``plain_values=True`` is read streaming as plain values (``excel_stream``): faster than
  openpyxl's cells, and memory does not grow with the rows.
* ``write_export``: streamed write-only workbook; text that a spreadsheet would run as a formula is
  neutralised.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import time
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
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

from .excel_scan import is_sheet_member, scan_member
from .excel_stream import StreamSheet, StreamWorkbook
from .uploads import HEAD_BYTES, XLSX_TYPES, check_file

# The sheet XML of 100 000 rows is ~70 MB; it is parsed streaming, so this bounds time, not memory.
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 100
# 100 000 rows: an enforcement unit's or a province migration's history (issue 17); rows are read
# streaming and written in batches (``core.imports``), so memory does not grow with this number.
MAX_ROWS = 100_000


class ExcelError(ValidationError):
    """The file as a whole is unusable; nothing was imported."""


NON_DATA_SHEETS = ("示例", "代码", "说明")
# Unambiguous written dates only: 2026-11-27, 2026/11/27, 2026年11月27日 (one-digit month/day allowed).
# 20261127, 11/27/2026, 27.11.2026 and the like are refused rather than guessed.
_DATE_FORMATS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
)
DATE_HINT = "请写作 2026-11-27、2026/11/27 或 2026年11月27日，或使用 Excel 日期格式"


def parse_date(raw: Any) -> date:
    """A real Excel date, or text in one of the unambiguous formats; anything else is refused."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) or not isinstance(raw, str):
        # a bare number (20261127, or an Excel serial stored as a number) is not read as a date
        raise ValidationError(f"日期「{raw}」无法识别，{DATE_HINT}")
    text = raw.strip()
    for pattern in _DATE_FORMATS:
        m = pattern.fullmatch(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d)
            except ValueError:
                raise ValidationError(f"日期「{raw}」不存在（{y}年没有{mo}月{d}日）") from None
    raise ValidationError(f"日期「{raw}」无法识别，{DATE_HINT}")


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
            return parse_date(raw)
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
        if not self.row:  # a message about the whole batch that already names its rows
            return self.message
        where = f"第{self.row}行" + (f"「{self.column}」" if self.column else "")
        return f"{where}：{self.message}"


def check_upload(name: str, size: int, head: bytes, *, max_bytes: int | None = None) -> None:
    """The platform's upload check (``core.uploads.check_file``: name, size, magic bytes) for an xlsx."""
    try:
        check_file(
            name,
            size,
            head,
            types=XLSX_TYPES,
            max_bytes=max_bytes or settings.FAZHI_IMPORT_MAX_BYTES,
            wrong_type="只能导入 .xlsx 格式的 Excel 文件，请使用下载的导入模板",
            wrong_content="文件不是 Excel 2007 及以上格式（.xlsx），请使用下载的导入模板",
        )
    except ValidationError as e:
        raise ExcelError(e.messages[0], code=e.code) from None


def check_workbook_file(source: str | Path | BinaryIO, *, max_bytes: int | None = None) -> None:
    """Every check of ``open_workbook_safely`` without parsing the sheets (the upload page runs this
    before queueing, so a hostile file is refused at once)."""
    open_workbook_safely(source, max_bytes=max_bytes, check_only=True)


def open_workbook_safely(
    source: str | Path | BinaryIO,
    *,
    max_bytes: int | None = None,
    check_only: bool = False,
    plain_values: bool = False,
) -> Any:
    """Check a file and open it read-only; raises ExcelError with a Chinese message.

    A path is read from disk by zipfile/openpyxl as needed (never loaded whole into memory).
    ``plain_values``: for ``iter_rows`` only — a workbook without formula or error cells opens as a
    ``StreamWorkbook`` read streaming as plain values (``excel_stream``), any other as openpyxl's."""
    max_bytes = max_bytes or settings.FAZHI_IMPORT_MAX_BYTES
    if isinstance(source, (str, Path)):
        fh: BinaryIO = Path(source).open("rb")
        size = Path(source).stat().st_size
        owned = True
    else:
        fh = source
        fh.seek(0, io.SEEK_END)
        size = fh.tell()
        owned = False
    try:
        fh.seek(0)
        check_upload("", size, fh.read(HEAD_BYTES), max_bytes=max_bytes)
        fh.seek(0)
        try:
            with zipfile.ZipFile(fh) as zf:
                infos = zf.infolist()
                names = {i.filename for i in infos}
                if "[Content_Types].xml" not in names or not any(
                    n.startswith("xl/worksheets/") for n in names
                ):
                    raise ExcelError("文件不是有效的 Excel 工作簿")
                if "xl/vbaProject.bin" in names:
                    raise ExcelError("文件包含宏，出于安全原因不予导入")
                total = 0
                for info in infos:
                    total += info.file_size
                    if (
                        info.compress_size
                        and info.file_size / info.compress_size > MAX_RATIO
                        and info.file_size > 1_000_000
                    ):
                        raise ExcelError("文件压缩比异常（疑似压缩炸弹），拒绝导入")
                if total > MAX_UNCOMPRESSED:
                    raise ExcelError("文件解压后过大，拒绝导入")
                plain, rows = True, {}
                for info in infos:
                    if not info.filename.endswith((".xml", ".rels", ".vml")):
                        continue
                    # formulas matter only to the choice of reader (the upload page's check has none)
                    scan = scan_member(zf, info, sheet=plain_values and is_sheet_member(info.filename))
                    if scan.dtd:
                        raise ExcelError("文件包含 DTD 或实体声明（DOCTYPE/ENTITY），出于安全原因不予导入")
                    plain = plain and not (scan.formulas or scan.error_cells)
                    if scan.rows:
                        rows[info.filename] = scan.rows
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
            # a damaged central directory, a truncated member (CRC/EOF) or an unsupported compression
            raise ExcelError("文件已损坏，无法打开") from None
        if check_only:
            return None
        fh.seek(0)
        try:
            if plain_values and plain:
                return StreamWorkbook(source if owned else fh, rows)
            return load_workbook(source if owned else fh, read_only=True, data_only=False)
        except ExcelError:
            raise
        except Exception:  # openpyxl and lxml raise many types on malformed XML
            raise ExcelError("文件内容无法解析，请使用下载的导入模板重新填写") from None
    finally:
        if owned:
            fh.close()


def _data_sheet(wb: Any, sheet: str | None) -> Any:
    """The 数据 sheet (the template's), else the first sheet that is not the 示例/代码/说明 sheet."""
    if sheet:
        return wb[sheet]
    if "数据" in wb.sheetnames:
        return wb["数据"]
    for name in wb.sheetnames:
        if name not in NON_DATA_SHEETS:
            return wb[name]
    raise ExcelError("文件中没有「数据」工作表，请使用下载的导入模板")


def _is_example(row: dict[str, Any], example: dict[str, Any] | None) -> bool:
    """True when every value the template's example fills in is the row's value (left in by mistake)."""
    if not example:
        return False
    keys = [k for k, v in example.items() if v not in (None, "")]
    return bool(keys) and all(_same(row.get(k), example[k]) for k in keys)


def _same(a: Any, b: Any) -> bool:
    if isinstance(b, str) and isinstance(a, date):
        try:
            return a == parse_date(b)
        except ValidationError:
            return False
    return a == b


def read_rows(
    wb: Any,
    columns: list[Column],
    *,
    sheet: str | None = None,
    example: dict[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], list[CellError]]:
    """Parse the data sheet: header row 1, data from row 2. Returns (rows, errors) — all in memory;
    an import reads ``iter_rows`` instead (streaming)."""
    parsed: list[dict[str, Any]] = []
    errors: list[CellError] = []
    for row, row_errors in iter_rows(wb, columns, sheet=sheet, example=example):
        parsed.append(row)
        errors.extend(row_errors)
    return parsed, errors


def iter_rows(
    wb: Any,
    columns: list[Column],
    *,
    sheet: str | None = None,
    example: dict[str, Any] | None = None,
) -> Iterator[tuple[dict[str, Any], list[CellError]]]:
    """Each data row with its cell errors, one at a time (header row 1, data from row 2).

    A row equal to the template's ``example`` is refused with its row number: it is not a real case
    and would change the official figures. Damaged sheet XML (found only while iterating, since
    read-only openpyxl parses lazily) becomes an ExcelError, not a 500."""
    try:
        yield from _iter_rows(wb, columns, sheet=sheet, example=example)
    except (ExcelError, ValidationError):
        raise
    except Exception:  # ParseError, KeyError, zlib/zip errors from a truncated or malformed sheet
        raise ExcelError("工作表内容已损坏或不完整（XML 无法解析），未导入任何记录") from None


def data_rows_estimate(wb: Any, sheet: str | None = None) -> int:
    """The data rows the sheet's dimension announces (0 when it does not say): for progress only."""
    try:
        max_row = _data_sheet(wb, sheet).max_row
    except Exception:  # a missing or malformed <dimension>
        return 0
    return max(0, (max_row or 1) - 1)


def _iter_rows(
    wb: Any, columns: list[Column], *, sheet: str | None, example: dict[str, Any] | None
) -> Iterator[tuple[dict[str, Any], list[CellError]]]:
    ws = _data_sheet(wb, sheet)
    rows_iter = ws.rows() if isinstance(ws, StreamSheet) else _cell_rows(ws)
    first = next(rows_iter, None)
    if first is None:
        raise ExcelError("工作表为空")
    if first[0] == 1:
        headers = [str(v).strip().rstrip("*") if v is not None else "" for v in first[1]]
    else:  # row 1 holds nothing (no <row r="1"> element)
        headers, rows_iter = [], itertools.chain([first], rows_iter)
    index: dict[str, int] = {}
    for col in columns:
        if col.header in headers:
            index[col.key] = headers.index(col.header)
        elif col.required:
            raise ExcelError(f"缺少必填列「{col.header}」，请使用下载的导入模板")
    placed = [(col, index.get(col.key)) for col in columns]
    any_row = False
    for excel_row, values, formulas in rows_iter:
        if excel_row - 1 > MAX_ROWS:
            raise ExcelError(f"单次最多导入 {MAX_ROWS} 行")
        if not any(v is not None and (type(v) is not str or v.strip()) for v in values):
            continue
        row: dict[str, Any] = {"_row": excel_row}
        errors: list[CellError] = []
        for col, i in placed:
            if i in formulas:
                errors.append(CellError(excel_row, col.header, "不允许使用公式，请填写数值"))
                continue
            try:
                row[col.key] = col.parse(values[i] if i is not None and i < len(values) else None)
            except ValidationError as e:
                errors.append(CellError(excel_row, col.header, "；".join(e.messages)))
        if _is_example(row, example):
            errors.append(CellError(excel_row, "", "这是导入模板中的示例行，不是真实案件，请删除后重新上传"))
        any_row = True
        yield row, errors
    if not any_row:
        raise ExcelError("文件中没有数据行")


def _cell_rows(ws: Any) -> Iterator[tuple[Any, ...]]:
    """(Excel row number, values, columns holding a formula) through openpyxl's cells: the reader
    for a workbook with formulas or error cells, which the values alone would hide."""
    for n, cells in enumerate(ws.iter_rows(values_only=False), start=1):
        yield n, [c.value for c in cells], {i for i, c in enumerate(cells) if c.data_type == "f"}


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
        # The example lives on its own 示例 sheet, never on the data sheet: an example row left in
        # the data sheet would be imported as a real case (2019's 146 becoming 147).
        sample = wb.create_sheet("示例", 1)
        for i, col in enumerate(columns, start=1):
            sample.cell(row=1, column=i, value=col.header + ("*" if col.required else "")).font = bold
            sample.column_dimensions[get_column_letter(i)].width = col.width
            value = example.get(col.key)
            if col.kind == "choice":
                value = dict(col.choices).get(value, value)
            elif col.kind == "bool" and value is not None:
                value = "是" if value else "否"
            sample.cell(row=2, column=i, value=value)
        sample.cell(
            row=1,
            column=len(columns) + 2,
            value="本工作表仅为填写示例，不会被导入；请在「数据」工作表中填写。",
        ).font = Font(bold=True, color="C00000")
    help_ws.append(["列名", "是否必填", "格式", "说明"])
    for c in help_ws[1]:
        c.font = bold
    kinds = {
        "text": "文本",
        "date": "日期（如 2026-11-27、2026/11/27、2026年11月27日）",
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


# --- Staging of uploaded import files (shared by every module) -------------------------------------

STAGING_CHUNK = 1 << 16


@dataclass
class StagedFile:
    path: Path
    name: str
    size: int
    sha256: str


def staging_dir(key: str) -> Path:
    """MEDIA_ROOT/imports/<key>/: import files waiting for their job (they hold personal data)."""
    d = Path(settings.MEDIA_ROOT) / "imports" / key
    d.mkdir(parents=True, exist_ok=True)
    return d


def cleanup_staged(max_age_hours: float | None = None) -> int:
    """Delete staged import files older than FAZHI_IMPORT_STAGING_MAX_AGE_HOURS (abandoned uploads,
    jobs that never ran); every module stages under the same root, so one sweep covers them all.
    Returns the number of files deleted."""
    hours = max_age_hours if max_age_hours is not None else settings.FAZHI_IMPORT_STAGING_MAX_AGE_HOURS
    cutoff = time.time() - hours * 3600
    removed = 0
    for root in (Path(settings.MEDIA_ROOT) / "imports", Path(settings.MEDIA_ROOT) / "tmp" / "imports"):
        if not root.is_dir():
            continue
        for f in root.rglob("*"):
            try:
                if f.is_file() and f.stat().st_mtime < cutoff:
                    f.unlink(missing_ok=True)
                    removed += 1
            except OSError:  # removed concurrently by another worker
                continue
    return removed


def stage_upload(upload: Any, key: str, *, max_bytes: int | None = None) -> StagedFile:
    """Copy an uploaded file to the staging directory chunk by chunk (never whole in memory),
    checking name, size and magic bytes first and the running size as it goes."""
    max_bytes = max_bytes or settings.FAZHI_IMPORT_MAX_BYTES
    cleanup_staged()
    name = getattr(upload, "name", "") or ""
    chunks = upload.chunks(STAGING_CHUNK)
    first = next(chunks, b"")
    check_upload(name, getattr(upload, "size", 0) or 0, first, max_bytes=max_bytes)
    path = staging_dir(key) / f"{uuid.uuid4().hex}.xlsx"
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("wb") as out:
            for chunk in [first] if first else []:
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise ExcelError(f"文件过大，上限为 {max_bytes // 1024 // 1024} MB")
                out.write(chunk)
                digest.update(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StagedFile(path=path, name=name, size=size, sha256=digest.hexdigest())


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while chunk := fh.read(STAGING_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
