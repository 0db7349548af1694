"""A formula-free sheet read streaming, as plain values (issue 17: flat memory).

calamine (``excel_scan.PlainWorkbook`` before) read a sheet twenty times faster than openpyxl's cells but
held the whole sheet: an import's peak grew from 146 MB to 225 MB at 100 000 rows. This reader parses the
sheet XML with lxml's ``iterparse`` one ``<row>`` at a time and drops each row once read, so memory does
not grow with the rows; only the shared strings table is held — it must be, any row may name any string —
and it is held compactly (one UTF-8 buffer and an offsets array, not a Python string per entry).

Values are given as openpyxl's read-only reader gives them (``openpyxl.worksheet._reader.parse_cell``):
None for an empty cell, ``"5"`` as int and ``"5.5"`` as float, a number in a date style as datetime (the
workbook's 1900 or 1904 epoch), shared and inline strings as their text (rich-text runs joined), booleans
as bool. Only workbooks the member scan found free of formulas and error cells come here
(``excel.open_workbook_safely(..., plain_values=True)``); every hostile-file check ran before.
``fazhi/core/tests/test_excel_scan.py`` reads the same files with this reader and openpyxl's cells.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree
from openpyxl.utils.datetime import from_excel, from_ISO8601

NO_FORMULAS: frozenset[int] = frozenset()
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_COORD = re.compile(r"([A-Z]+)(\d+)")
_COLUMNS: dict[bytes, int] = {}
# The sheet XML is read this much at a time (a window of rows taken apart together): memory is bounded
# by it, not by the rows.
_PIECE = 1 << 18


def _parser_args() -> dict[str, Any]:
    # no entity, no network, no DTD (the member scan refused any DOCTYPE already)
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def _column(letters: bytes) -> int:
    """1-based column number of ``"A"``, ``"AB"`` … (cached: a sheet has few distinct columns)."""
    n = _COLUMNS.get(letters)
    if n is None:
        n = 0
        for ch in letters:
            n = n * 26 + ch - 64
        _COLUMNS[letters] = n
    return n


class _Strings:
    """The shared strings table as one UTF-8 buffer and an offsets array (≈ the file's own size, where
    a list of Python strings costs ≈ 60 bytes more per entry)."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.offsets = array("Q", [0])

    def append(self, text: str) -> None:
        self.buffer += text.encode()
        self.offsets.append(len(self.buffer))

    def __getitem__(self, i: int) -> str:
        return self.buffer[self.offsets[i] : self.offsets[i + 1]].decode()


def _text(node: Any, ns: str) -> str:
    """A ``<si>``/``<is>`` element's text as openpyxl's ``Text.content``: its ``<t>`` and the ``<t>`` of
    its rich-text runs ``<r>``, not the phonetic runs."""
    plain = node.findtext(f"{ns}t")
    runs = [t for t in node.iterfind(f"{ns}r/{ns}t")]
    if not runs:
        return plain or ""
    return (plain or "") + "".join(t.text or "" for t in runs)


class StreamWorkbook:
    """The ``sheetnames`` / ``wb[name]`` / ``close`` that ``excel.iter_rows`` uses of an openpyxl
    workbook, reading the zip directly."""

    def __init__(self, source: str | Path | BinaryIO, rows: dict[str, int] | None = None) -> None:
        from openpyxl.styles.stylesheet import Stylesheet
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        if not isinstance(source, (str, Path)):
            source.seek(0)
        self._zip = zipfile.ZipFile(source)
        names = set(self._zip.namelist())
        book = self._xml("xl/workbook.xml")
        ns = book.tag[: book.tag.index("}") + 1] if book.tag.startswith("{") else ""
        rels = self._xml("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else None
        targets = {}
        for rel in rels if rels is not None else []:
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[rel.get("Id")] = path
            if rel.get("Type", "").endswith("/sharedStrings"):
                self._strings_member = path
            elif rel.get("Type", "").endswith("/styles"):
                self._styles_member = path
        self._members = {
            s.get("name"): targets.get(s.get(_REL), "") for s in book.iterfind(f"{ns}sheets/{ns}sheet")
        }
        self.sheetnames: list[str] = list(self._members)
        pr = book.find(f"{ns}workbookPr")
        self.epoch = (
            CALENDAR_MAC_1904
            if pr is not None and pr.get("date1904", "").lower() in ("1", "true")
            else CALENDAR_WINDOWS_1900
        )
        self.date_formats: frozenset[int] = frozenset()
        self.timedelta_formats: frozenset[int] = frozenset()
        styles = getattr(self, "_styles_member", "xl/styles.xml")
        if styles in names:
            sheet = Stylesheet.from_tree(self._xml(styles))
            self.date_formats = frozenset(sheet.date_formats)
            self.timedelta_formats = frozenset(sheet.timedelta_formats)
        self.strings = _Strings()
        member = getattr(self, "_strings_member", "xl/sharedStrings.xml")
        if member in names:
            with self._zip.open(member) as fh:
                for _, node in etree.iterparse(fh, events=("end",), tag="{*}si", **_parser_args()):
                    ns_si = node.tag[: node.tag.index("}") + 1] if node.tag.startswith("{") else ""
                    self.strings.append(_text(node, ns_si).replace("x005F_", ""))
                    node.clear()
                    while node.getprevious() is not None:
                        del node.getparent()[0]
        self.row_counts = rows or {}
        self.date_cache: dict[tuple[bytes, bytes], Any] = {}
        self.date_styles = frozenset(str(i).encode() for i in self.date_formats)

    def _xml(self, member: str) -> Any:
        with self._zip.open(member) as fh:
            return etree.parse(fh, etree.XMLParser(**_parser_args())).getroot()

    def __getitem__(self, title: str) -> StreamSheet:
        if title not in self._members:
            raise KeyError(title)
        return StreamSheet(self, title, self._members[title])

    def close(self) -> None:
        self._zip.close()


@dataclass
class StreamSheet:
    book: StreamWorkbook
    title: str
    member: str

    @property
    def max_row(self) -> int:
        """The rows the member scan counted (``<row>`` elements): for progress only."""
        return self.book.row_counts.get(self.member, 0)

    def rows(self) -> Iterator[tuple[int, list[Any], frozenset[int]]]:
        """(Excel row number, values from column A, no formula columns) for each ``<row>``."""
        with self.book._zip.open(self.member) as fh:
            head = fh.read(1 << 16)
            if not _PLAIN_ROOT.search(head, 0, 4096):
                fh.close()
                yield from self._parsed()
                return
            yield from self._scanned(fh, head)

    def _scanned(self, fh: Any, data: bytes) -> Iterator[tuple[int, list[Any], frozenset[int]]]:
        """The fast path: each ``<row>`` taken apart by regular expressions that match only the plain
        forms Excel, WPS and openpyxl write (``<c r="B2" s="1" t="s"><v>3</v></c>``); a row holding
        anything else (another attribute, a rich-text run, an entity other than XML's five) is parsed
        by lxml in its worksheet's namespaces, so nothing the expressions do not fully match is guessed."""
        root = _ROOT_TAG.search(data)
        wrapper = root.group(0) if root else b"<worksheet>"
        start = data.find(b"<sheetData")
        if start < 0:
            return
        pos = start
        number = 0
        while True:
            end = data.rfind(b"</row>")
            limit = end + 6 if end >= 0 else 0
            closed = data.find(b"</sheetData>", pos)
            if closed >= 0:
                limit = max(limit, closed)
            found: list[tuple[int, Any, bytes]] = []  # (row number, its cells or None, its XML for lxml)
            escaped: list[bytes] = []  # inline strings holding a character reference: decoded together
            pieces = data[pos:limit].split(b"</row>")
            tail = pieces.pop()  # after the last </row>: nothing, or self-closed rows before </sheetData>
            for piece in pieces:
                i = piece.find(b"<row")
                gt = piece.find(b">", i)
                if i < 0 or gt < 0 or piece.find(b"<row", i + 4) >= 0 or piece[gt - 1 : gt] == b"/":
                    # a self-closed <row/> before this one, or no row at all: the general expression
                    for m in _ROW.finditer(piece + b"</row>"):
                        number = self._row(m.group(1), m.group(2), m.group(0), number, found, escaped)
                    continue
                body = piece[gt + 1 :]
                number = self._row(piece[i + 4 : gt], body, piece[i:] + b"</row>", number, found, escaped)
            for m in _ROW.finditer(tail):
                number = self._row(m.group(1), m.group(2), m.group(0), number, found, escaped)
            pos = limit
            decoded = iter(_decode(escaped)) if escaped else iter(())
            for number, cells, xml in found:
                values = None if cells is None else self._values(cells, decoded)
                if values is None:
                    yield self._row_parsed(wrapper, xml, number)
                else:
                    yield number, values, NO_FORMULAS
            if closed >= 0:
                return
            more = fh.read(_PIECE)
            if not more:
                if _ROW_START.search(data, pos):
                    raise ValueError("truncated sheet")
                return
            data = data[pos:] + more
            pos = 0

    @staticmethod
    def _row(
        attrs: bytes, body: bytes | None, xml: bytes, number: int, found: list[Any], escaped: list[bytes]
    ) -> int:
        """Take one row's cells apart (or mark it for lxml); returns its number."""
        r = _ROW_NUMBER.search(attrs)
        number = int(r.group(1)) if r else number + 1
        if not body:
            found.append((number, [], b""))
            return number
        cells = _CELL.findall(body)
        # Every '<' of the row must belong to a matched cell: <c …> and </c> (one '<' when self-closed),
        # <v></v>, <is><t></t></is>. Anything else — another element or attribute, a cell the
        # expression did not match — leaves more '<' than that, and lxml reads the row.
        n = len(cells)
        expected = 2 * n - body.count(b"/>") + 2 * body.count(b"<v>") + 4 * body.count(b"<is>")
        if body.count(b"<") != expected:
            found.append((number, None, xml))
            return number
        escaped.extend(c[4] for c in cells if b"&" in c[4] or b"\r" in c[4])
        found.append((number, cells, b""))
        return number

    def _values(self, cells: list[tuple[bytes, ...]], decoded: Iterator[str]) -> list[Any]:
        book = self.book
        strings, dates, cache, columns = book.strings, book.date_styles, book.date_cache, _COLUMNS
        values: list[Any] = []
        append = values.append
        for letters, style, kind, v, inline in cells:
            if kind == b"inlineStr":
                value: Any = next(decoded) if b"&" in inline or b"\r" in inline else inline.decode()
            elif not v:
                continue
            elif kind == b"s":
                value = strings[int(v)]
            elif kind == b"b":
                value = bool(int(v))
            elif style in dates:
                key = (v, style)
                value = cache.get(key)
                if value is None:
                    number = float(v) if b"." in v or b"E" in v or b"e" in v else int(v)
                    value = cache[key] = _date(number, book, int(style))
            else:
                value = float(v) if b"." in v or b"E" in v or b"e" in v else int(v)
            column = columns.get(letters) or _column(letters)
            if column == len(values) + 1:
                append(value)
            else:
                if column > len(values):
                    values.extend([None] * (column - len(values)))
                values[column - 1] = value
        return values

    def _row_parsed(self, wrapper: bytes, xml: bytes, number: int) -> tuple[int, list[Any], frozenset[int]]:
        name = _ROOT_NAME.match(wrapper)
        close = b"</" + (name.group(1) if name else b"worksheet") + b">"
        root = etree.fromstring(wrapper + xml + close, etree.XMLParser(**_parser_args()))
        row = root[0]
        ns = row.tag[: row.tag.index("}") + 1] if row.tag.startswith("{") else ""
        return number, self._row_values(row, ns), NO_FORMULAS

    def _parsed(self) -> Iterator[tuple[int, list[Any], frozenset[int]]]:
        """Every row through lxml's ``iterparse`` (a sheet in a prefixed or unusual namespace)."""
        number = 0
        with self.book._zip.open(self.member) as fh:
            for _, row in etree.iterparse(fh, events=("end",), tag="{*}row", **_parser_args()):
                ns = row.tag[: row.tag.index("}") + 1] if row.tag.startswith("{") else ""
                r = row.get("r")
                number = int(r) if r else number + 1
                values = self._row_values(row, ns)
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
                yield number, values, NO_FORMULAS

    def _row_values(self, row: Any, ns: str) -> list[Any]:
        book = self.book
        v_tag, is_tag = f"{ns}v", f"{ns}is"
        values: list[Any] = []
        column = 0
        for c in row:
            ref = c.get("r")
            m = _COORD.match(ref) if ref else None
            column = _column(m.group(1).encode()) if m else column + 1
            kind = c.get("t", "n")
            if kind == "inlineStr":
                node = c.find(is_tag)
                value: Any = _text(node, ns) if node is not None else None
            else:
                value = c.findtext(v_tag) or None
                if value is not None:
                    if kind == "n":
                        value = float(value) if "." in value or "E" in value or "e" in value else int(value)
                        style = c.get("s")
                        if style and int(style) in book.date_formats:
                            value = _date(value, book, int(style))
                    elif kind == "s":
                        value = book.strings[int(value)]
                    elif kind == "b":
                        value = bool(int(value))
                    elif kind == "d":
                        value = from_ISO8601(value)
            if value is None:
                continue
            if column > len(values):
                values.extend([None] * (column - len(values)))
            values[column - 1] = value
        return values


def _date(value: float, book: StreamWorkbook, style: int) -> Any:
    try:
        return from_excel(value, book.epoch, timedelta=style in book.timedelta_formats)
    except (OverflowError, ValueError):
        return "#VALUE!"  # openpyxl's value for a date serial out of range


def _decode(texts: list[bytes]) -> list[str]:
    """Inline strings holding character references (openpyxl writes every non-ASCII character as one),
    decoded by lxml in one parse rather than one Python call per reference; an entity XML does not
    define makes the parse fail, as it would in openpyxl."""
    root = etree.fromstring(
        b"<x><t>" + b"</t><t>".join(texts) + b"</t></x>", etree.XMLParser(**_parser_args())
    )
    return [t.text or "" for t in root]


# The worksheet in SpreadsheetML's default namespace, unprefixed (what Excel, WPS and openpyxl write).
_PLAIN_ROOT = re.compile(
    rb'<worksheet\b[^>]*\sxmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
)
_ROOT_TAG = re.compile(rb"<worksheet\b[^>]*>")
_ROOT_NAME = re.compile(rb"<([\w.:-]+)")
_ROW_START = re.compile(rb"<row[\s/>]")
_ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_ROW_NUMBER = re.compile(rb'(?:^|\s)r="(\d+)"')
_CELL_RE = (
    rb'<c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?(?: t="(n|s|b|inlineStr)")?'
    rb'(?:/>|>(?:<v>([^<&]*)</v>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)?</c>)'
)
_CELL = re.compile(_CELL_RE)
