"""The xlsx member scan of ``excel.open_workbook_safely`` and the plain-value sheet reader it enables.

Reading a 100 000-row sheet through openpyxl's cell objects took a third of an import (issue 17), and
the cell objects were needed only to see formulas. One streaming pass over each member, which the
DOCTYPE check makes anyway, now also notes formula and error cells and counts the cells. When the
workbook has none of either and a bounded number of cells, ``excel.iter_rows`` reads the values with
calamine (Rust, about 20× faster); otherwise openpyxl's cells as before, so a formula is still refused
with its row and column and an error cell (#N/A) still reads as its text.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

# A DOCTYPE can declare entities (billion laughs, external entities); an xlsx never needs one.
# Searched in UTF-8 and both UTF-16 byte orders, case-insensitively.
_DTD_MARKERS = [
    m.encode(enc)
    for m in ("<!doctype", "<!entity", "<!DOCTYPE", "<!ENTITY")
    for enc in ("utf-8", "utf-16-le", "utf-16-be")
]
_DTD_OVERLAP = max(len(m) for m in _DTD_MARKERS)
# Element names may carry a namespace prefix (<x:f>); <formula1> of a data validation is not a formula.
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_ERROR_CELL = re.compile(rb"""\st\s*=\s*["']e["']""")
# Longer than any match of the patterns above: a match never spans two processed pieces.
_LONGEST = 64
# calamine holds the whole sheet in memory (≈ 1 KB a row of 15 columns): beyond this many cells the
# streaming openpyxl reader is used, so a hostile sheet of millions of tiny cells cannot exhaust memory.
MAX_PLAIN_CELLS = 4_000_000
NO_FORMULAS: frozenset[int] = frozenset()


@dataclass
class MemberScan:
    dtd: bool = False
    formulas: bool = False
    error_cells: bool = False
    cells: int = 0

    def _tags(self, data: bytes, end: int) -> None:
        if not self.formulas and _FORMULA.search(data, 0, end):
            self.formulas = True
        if not self.error_cells and _ERROR_CELL.search(data, 0, end):
            self.error_cells = True
        self.cells += len(_CELL.findall(data, 0, end))


def scan_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, sheet: bool) -> MemberScan:
    """Stream one member: a DOCTYPE/ENTITY declaration anywhere; in a worksheet also formulas, error
    cells and the number of cells. Pieces are cut before a ``<`` so no tag is split between two."""
    scan = MemberScan()
    tail = b""
    carry = b""
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 16):
            window = tail + chunk
            if any(m in window for m in _DTD_MARKERS):
                scan.dtd = True
                return scan
            tail = window[-_DTD_OVERLAP:]
            if sheet:
                data = carry + chunk
                cut = data.rfind(b"<")
                if cut < 0 or len(data) - cut >= _LONGEST:
                    cut = len(data)
                scan._tags(data, cut)
                carry = data[cut:]
    if carry:
        scan._tags(carry, len(carry))
    return scan


def is_sheet_member(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


class PlainWorkbook:
    """A formula-free workbook read by calamine: the ``sheetnames`` / ``wb[name]`` / ``close`` that
    ``excel.iter_rows`` uses of an openpyxl workbook. openpyxl is not opened at all: it parses a whole
    sheet on opening when the file has no ``<dimension>`` (as files written by openpyxl's write-only
    mode and some other programs do not)."""

    def __init__(self, source: str | Path | BinaryIO) -> None:
        from python_calamine import CalamineWorkbook

        if isinstance(source, (str, Path)):
            self._book = CalamineWorkbook.from_path(str(source))
        else:
            source.seek(0)
            self._book = CalamineWorkbook.from_filelike(source)
        self.sheetnames: list[str] = list(self._book.sheet_names)
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, title: str) -> PlainSheet:
        if title not in self.sheetnames:
            raise KeyError(title)
        return PlainSheet(self, title)

    def _sheet(self, title: str) -> Any:
        # calamine reads the whole sheet at once; keep it for the rows after the row count
        if title not in self._loaded:
            self._loaded[title] = self._book.get_sheet_by_name(title)
        return self._loaded[title]

    def close(self) -> None:
        self._loaded.clear()
        self._book.close()


@dataclass
class PlainSheet:
    book: PlainWorkbook
    title: str

    @property
    def max_row(self) -> int:
        end = self.book._sheet(self.title).end
        return end[0] + 1 if end else 0

    def rows(self) -> Iterator[tuple[int, list[Any], frozenset[int]]]:
        """(Excel row number, values, no formula columns) from the sheet's first row holding a value,
        values as openpyxl gives them in read-only mode: None for empty, whole numbers as int, dates
        as datetime."""
        ws = self.book._sheet(self.title)
        # calamine's range starts at the first cell holding a value, not at A1
        first_row, first_col = ws.start or (0, 0)
        pad: list[Any] = [None] * first_col
        for offset, raw in enumerate(ws.iter_rows()):
            values = pad + [_value(v) for v in raw] if pad else [_value(v) for v in raw]
            yield first_row + offset + 1, values, NO_FORMULAS


def _value(v: Any) -> Any:
    if v == "":
        return None
    kind = type(v)
    if kind is float:
        # openpyxl reads <v>5</v> as int 5; calamine gives 5.0. Beyond 1e16 str() would write an
        # exponent either way, and openpyxl would have read the file's exponent form as float.
        return int(v) if v.is_integer() and abs(v) < 1e16 else v
    if kind is date:
        return datetime(v.year, v.month, v.day)
    return v
