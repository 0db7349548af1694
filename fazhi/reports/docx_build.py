"""DOCX in the layout of official documents, GB/T 9704-2012 (RULES.md §8).

A4; margins top 37 mm, left 28 mm, right 26 mm, bottom 35 mm; 22 lines × 28 characters
(document grid, fixed line spacing 28.95 pt); title 2号 方正小标宋简体 centred; body 3号 仿宋_GB2312;
"一、" 黑体, "（一）" 楷体_GB2312; page numbers "— N —" 4号 宋体 on the outer side (odd pages right,
even pages left); issuing body and date (2020年3月23日) at the end. Every font is named for East Asian
text too (``w:eastAsia``). ``font_map`` replaces font names (used for the PDF, where the official
fonts are not installed: ``settings.FAZHI_PDF_FONT_MAP``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fazhi.core.dates import cn_date

from .compose import Block

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_HEIGHT_MM = 297 - 37 - 35  # 版心 225 mm
TEXT_WIDTH_MM = 210 - 28 - 26  # 版心 156 mm
MM_TO_PT = 72 / 25.4
LINE_PITCH_TWIPS = int(TEXT_HEIGHT_MM * MM_TO_PT / LINES_PER_PAGE * 20)  # 579 twips = 28.95 pt
# Word's charSpace: 4096ths of a point added to the body font's width so that 28 characters fill the line.
CHAR_SPACE = round((TEXT_WIDTH_MM * MM_TO_PT / CHARS_PER_LINE - BODY_PT) * 4096)
# LibreOffice gives a full-width character two grid cells when the grid pitch (15.79 pt) is narrower
# than the font (16 pt), halving the line. For the PDF we therefore use a line grid and condense every
# character by 0.25 pt instead: 28 × 15.75 pt still fits the 156 mm line. Word files keep the char grid.
PDF_CONDENSE_TWENTIETHS = -5

STYLE_TITLE = "公文标题"
STYLE_H1 = "一级标题"
STYLE_H2 = "二级标题"
STYLE_BODY = "公文正文"
STYLE_CLOSING = "落款"
STYLE_TABLE = "表格文字"


def _fonts(element, name: str) -> None:  # type: ignore[no-untyped-def]
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)


def _exact_spacing(ppr, before: int = 0, after: int = 0) -> None:  # type: ignore[no-untyped-def]
    spacing = ppr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        ppr.append(spacing)
    spacing.set(qn("w:line"), str(LINE_PITCH_TWIPS))
    spacing.set(qn("w:lineRule"), "exact")
    spacing.set(qn("w:before"), str(before))
    spacing.set(qn("w:after"), str(after))


class OfficialDocument:
    """Builds one GB/T 9704 document; ``add_*`` in reading order, then ``to_bytes()``."""

    def __init__(self, font_map: dict[str, str] | None = None, for_pdf: bool = False) -> None:
        self.font_map = font_map or {}
        self.for_pdf = for_pdf
        self.doc = Document()
        self._page_setup()
        self._styles()
        self._page_numbers()

    def font(self, name: str) -> str:
        return self.font_map.get(name, name)

    # -- set-up --
    def _page_setup(self) -> None:
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        sec.left_margin, sec.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        sec.header_distance, sec.footer_distance = Mm(15), Mm(21)
        sect_pr = sec._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        grid.set(qn("w:type"), "lines" if self.for_pdf else "linesAndChars")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        if not self.for_pdf:
            grid.set(qn("w:charSpace"), str(CHAR_SPACE))

    def _style(
        self,
        name: str,
        font: str,
        size: int,
        align=None,
        first_line_chars: int = 0,  # type: ignore[no-untyped-def]
        outline: int | None = None,
    ):
        styles = self.doc.styles
        style = (
            styles[name]
            if name in [s.name for s in styles]
            else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        )
        style.base_style = None
        style.font.size = Pt(size)
        style.font.bold = False
        _fonts(style.element, self.font(font))
        pf = style.paragraph_format
        if align is not None:
            pf.alignment = align
        ppr = style.element.get_or_add_pPr()
        _exact_spacing(ppr)
        if first_line_chars:
            ind = OxmlElement("w:ind")
            ind.set(qn("w:firstLineChars"), str(first_line_chars))
            ind.set(qn("w:firstLine"), str(first_line_chars * BODY_PT * 20 // 100))
            ppr.append(ind)
        if outline is not None:
            lvl = OxmlElement("w:outlineLvl")
            lvl.set(qn("w:val"), str(outline))
            ppr.append(lvl)
        return style

    def _doc_defaults(self) -> None:
        """The document default font is the body font at 3号 too (Word bases charSpace on it)."""
        styles = self.doc.styles.element
        rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for child in list(rpr):
            rpr.remove(child)
        rfonts = OxmlElement("w:rFonts")
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), self.font(BODY_FONT))
        rpr.append(rfonts)
        if self.for_pdf:
            sp = OxmlElement("w:spacing")
            sp.set(qn("w:val"), str(PDF_CONDENSE_TWENTIETHS))
            rpr.append(sp)
        for tag in ("w:sz", "w:szCs"):
            el = OxmlElement(tag)
            el.set(qn("w:val"), str(BODY_PT * 2))
            rpr.append(el)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)
        ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
        _exact_spacing(ppr)

    def _styles(self) -> None:
        self._doc_defaults()
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        _fonts(normal.element, self.font(BODY_FONT))
        _exact_spacing(normal.element.get_or_add_pPr())
        self._style(STYLE_TITLE, TITLE_FONT, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER)
        self._style(STYLE_H1, H1_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_chars=200, outline=0)
        self._style(STYLE_H2, H2_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_chars=200, outline=1)
        self._style(STYLE_BODY, BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_chars=200)
        self._style(STYLE_CLOSING, BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT)
        self._style(STYLE_TABLE, BODY_FONT, 12, WD_ALIGN_PARAGRAPH.CENTER)

    def _page_number(self, footer, align, side: str) -> None:  # type: ignore[no-untyped-def]
        p = footer.paragraphs[0]
        p.alignment = align
        ind = OxmlElement("w:ind")
        ind.set(qn(f"w:{side}"), str(PAGE_NUMBER_PT * 20))  # one character in from the edge of the 版心
        p._p.get_or_add_pPr().append(ind)

        def run(text: str = ""):  # type: ignore[no-untyped-def]
            r = p.add_run(text)
            r.font.size = Pt(PAGE_NUMBER_PT)
            _fonts(r._r, self.font(PAGE_NUMBER_FONT))
            return r

        run("— ")
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            r = run()
            if kind:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                r._r.append(fld)
            elif text == " PAGE ":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                r._r.append(instr)
            else:
                r.text = text
        run(" —")

    def _page_numbers(self) -> None:
        self.doc.settings.odd_and_even_pages_header_footer = True
        sec = self.doc.sections[0]
        self._page_number(sec.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right")  # odd pages: right
        self._page_number(sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")  # even pages: left

    # -- content --
    def add(self, block: Block) -> None:
        if block.kind == "title":
            p = self.doc.add_paragraph(block.text, style=STYLE_TITLE)
            self.doc.add_paragraph("", style=STYLE_BODY)  # one blank line under the title
            return
        style = {"h1": STYLE_H1, "h2": STYLE_H2}.get(block.kind, STYLE_BODY)
        p = self.doc.add_paragraph(style=style)
        for r in block.runs:
            run = p.add_run(r.text)
            if r.emphasis:
                _fonts(run._r, self.font(H2_FONT))

    def add_blocks(self, blocks: Iterable[Block]) -> None:
        for b in blocks:
            self.add(b)

    def add_table(self, header: list[str], rows: list[list[str]], highlight: set[int] | None = None) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.paragraphs[0].style = STYLE_TABLE
            run = cell.paragraphs[0].add_run(text)
            _fonts(run._r, self.font(H1_FONT))
        for i, row in enumerate(rows):
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.paragraphs[0].style = STYLE_TABLE
                run = cell.paragraphs[0].add_run(text)
                if highlight and i in highlight:
                    run.font.bold = True

    def add_closing(self, issuer: str, day: date | None) -> None:
        """落款: blank lines, the issuing body, then the date 右空四字 (GB/T 9704 §7.3.5)."""
        self.doc.add_paragraph("", style=STYLE_BODY)
        self.doc.add_paragraph("", style=STYLE_BODY)
        p = self.doc.add_paragraph(issuer, style=STYLE_CLOSING)
        self._right_chars(p, 200)
        if day is not None:
            p = self.doc.add_paragraph(cn_date(day), style=STYLE_CLOSING)
            self._right_chars(p, 400)

    @staticmethod
    def _right_chars(p, chars: int) -> None:  # type: ignore[no-untyped-def]
        ind = OxmlElement("w:ind")
        ind.set(qn("w:rightChars"), str(chars))
        ind.set(qn("w:right"), str(chars * BODY_PT * 20 // 100))
        p._p.get_or_add_pPr().append(ind)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def build(
    blocks: Iterable[Block],
    issuer: str = "",
    day: date | None = None,
    font_map: dict[str, str] | None = None,
    for_pdf: bool = False,
) -> bytes:
    doc = OfficialDocument(font_map, for_pdf=for_pdf)
    doc.add_blocks(blocks)
    if issuer or day:
        doc.add_closing(issuer, day)
    return doc.to_bytes()
