"""The xlsx member scan of ``excel.open_workbook_safely``, which decides the sheet reader.

Reading a 100 000-row sheet through openpyxl's cell objects took a third of an import (issue 17), and
the cell objects were needed only to see formulas. One streaming pass over each member, which the
DOCTYPE check makes anyway, now also notes formula and error cells and counts the cells and rows. When
the workbook has none of either, ``excel.iter_rows`` reads the values streaming with
``excel_stream.StreamWorkbook`` (flat memory); otherwise openpyxl's cells as before, so a formula is still
refused with its row and column and an error cell (#N/A) still reads as its text.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

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
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


@dataclass
class MemberScan:
    dtd: bool = False
    formulas: bool = False
    error_cells: bool = False
    cells: int = 0
    rows: int = 0  # <row> elements: the progress estimate of a streamed sheet

    def _tags(self, data: bytes, end: int) -> None:
        if not self.formulas and _FORMULA.search(data, 0, end):
            self.formulas = True
        if not self.error_cells and _ERROR_CELL.search(data, 0, end):
            self.error_cells = True
        self.cells += len(_CELL.findall(data, 0, end))
        self.rows += len(_ROW_TAG.findall(data, 0, end))


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
