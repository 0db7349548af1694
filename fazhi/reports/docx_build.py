"""DOCX in the layout of official documents, GB/T 9704-2012 (RULES.md §8).

A4; margins top 37 mm, left 28 mm, right 26 mm, bottom 35 mm; 22 lines × 28 characters
(document grid, fixed line spacing 28.95 pt); title 2号 方正小标宋简体 centred; body 3号 仿宋_GB2312;
"一、" 黑体, "（一）" 楷体_GB2312; page numbers "— N —" 4号 宋体 on the outer side (odd pages right,
even pages left); issuing body and date (2020年3月23日) at the end. Every font is named for East Asian
text too (``w:eastAsia``). ``font_map`` replaces font names (used for the PDF, where the official
fonts are not installed: ``settings.FAZHI_PDF_FONT_MAP``).

Points of GB/T 9704 that need more than a style (each measured on the PDF in the tests):
- §7.5 页码: the 一字线 lies 7 mm below the lower edge of the 版心.
- §6 / 5.2: punctuation never hangs outside the 版心 (no hanging punctuation, 避头尾 on).
- §7.2 标题: a title that needs two lines breaks at a boundary of meaning, never leaving a short tail
  such as "的报告" on its own line (``title_lines``).
- §7.3.5.3 (不加盖印章的公文 — a published report carries no seal): 署名 one blank line below the body,
  右空二字; 成文日期 on the next line, its first character two characters right of the 署名's first;
  when that would leave the date less than 二字 from the right edge, the date is 右空二字 and the 署名
  moves left to match (``closing_indents``).
- Headings stay with the paragraph that follows them (keep with next).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

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
# §7.5: the page number's 一字线 sits 7 mm below the 版心. The footer is placed so that the middle of its
# 4号 line (where the dash is drawn) lies there; measured on the PDF in the tests.
PAGE_NUMBER_BELOW_TEXT_MM = 7
FOOTER_LINE_PT = 18  # exact line height of the footer paragraph
FOOTER_DISTANCE_MM = MARGINS_MM["bottom"] - PAGE_NUMBER_BELOW_TEXT_MM - FOOTER_LINE_PT / 2 / MM_TO_PT
# A title line holds this many full-width characters of 2号 (22 pt) in the 156 mm 版心, less one for safety.
TITLE_UNITS_PER_LINE = int(TEXT_WIDTH_MM * MM_TO_PT // TITLE_PT) - 1
# Where a title may break (GB/T 9704 §7.2 "回行时，要做到词意完整"): after these words and before the
# subject that follows them. A break that leaves a tail shorter than this many characters is refused.
_TITLE_BREAK_AFTER = re.compile(r"(关于|\d{4}年度|\d{4}年|人民政府|委员会|办公室|建设|工作)")
_TITLE_BREAK_BEFORE = re.compile(r"(关于|法治政府|法治|工作情况|情况的|（)")
TITLE_MIN_TAIL = 5

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


def _no_hanging_punctuation(ppr, for_libreoffice: bool) -> None:  # type: ignore[no-untyped-def]
    """Punctuation stays inside the 版心: no hanging (Word's overflowPunct, LibreOffice's hanging
    punctuation), 避头尾 (kinsoku) on, punctuation at a line start compressed.

    LibreOffice (7.4, Debian 12) imports ``w:overflowPunct`` inverted — val="1" becomes
    punctuation-wrap="simple", i.e. no hanging — so the file made for the PDF says the opposite of
    the Word file. The PDF test measures the line ends, so a LibreOffice that fixes this shows up."""
    for tag, val in (
        ("w:kinsoku", "1"),
        ("w:overflowPunct", "1" if for_libreoffice else "0"),
        ("w:topLinePunct", "1"),
        # No extra space between Chinese and Arabic numerals: widths stay on the 28-character grid
        # and the 署名/成文日期 arithmetic holds.
        ("w:autoSpaceDE", "0"),
        ("w:autoSpaceDN", "0"),
    ):
        el = ppr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            ppr.append(el)
        el.set(qn("w:val"), val)


# The order of w:pPr's children in the OOXML schema (CT_PPrBase); Word refuses some files out of order.
_PPR_ORDER = [
    qn(f"w:{t}")
    for t in (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
        "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split()
]


def _schema_order(root) -> None:  # type: ignore[no-untyped-def]
    for ppr in root.iter(qn("w:pPr")):
        children = list(ppr)
        known = sorted((c for c in children if c.tag in _PPR_ORDER), key=lambda c: _PPR_ORDER.index(c.tag))
        for c in children:
            ppr.remove(c)
        for c in known + [c for c in children if c.tag not in _PPR_ORDER]:
            ppr.append(c)


def _keep_next(ppr) -> None:  # type: ignore[no-untyped-def]
    if ppr.find(qn("w:keepNext")) is None:
        ppr.insert(0, OxmlElement("w:keepNext"))


def char_units(text: str) -> float:
    """Width in full-width characters: ASCII letters, digits and half-width signs count one half
    (仿宋_GB2312 sets Arabic numerals half width)."""
    return sum(0.5 if unicodedata.east_asian_width(c) in ("Na", "H") else 1.0 for c in text)


def title_lines(title: str, units: int = TITLE_UNITS_PER_LINE) -> list[str]:
    """The title broken into lines by meaning (GB/T 9704 §7.2): one line if it fits; else the break
    among the word boundaries that fits, keeps a tail of at least ``TITLE_MIN_TAIL`` characters and
    gives the most even lines (a 梯形, the longer line below on a tie)."""
    title = title.strip()
    if char_units(title) <= units:
        return [title]
    cuts = {m.end() for m in _TITLE_BREAK_AFTER.finditer(title)} | {
        m.start() for m in _TITLE_BREAK_BEFORE.finditer(title)
    }
    best: tuple[float, int] | None = None
    for cut in sorted(cuts):
        head, tail = title[:cut], title[cut:]
        w1, w2 = char_units(head), char_units(tail)
        if not head or w1 > units or w2 > units or min(w1, w2) < TITLE_MIN_TAIL:
            continue
        score = abs(w1 - w2) + (0.25 if w1 > w2 else 0)
        if best is None or score < best[0]:
            best = (score, cut)
    if best is not None:
        return [title[: best[1]], title[best[1] :]]
    # No word boundary fits: fill lines, but never leave a short tail alone.
    lines, rest = [], title
    while char_units(rest) > units:
        cut, width = 0, 0.0
        while cut < len(rest) and width + char_units(rest[cut]) <= units:
            width += char_units(rest[cut])
            cut += 1
        if char_units(rest[cut:]) < TITLE_MIN_TAIL:
            cut -= TITLE_MIN_TAIL - int(char_units(rest[cut:]))
        lines.append(rest[:cut])
        rest = rest[cut:]
    return [*lines, rest]


@lru_cache(maxsize=8)
def _font_file(family: str) -> tuple[str, int] | None:
    fc = shutil.which("fc-match")
    if not fc:
        return None
    out = subprocess.run([fc, "-f", "%{file}|%{index}", family], capture_output=True, text=True).stdout
    path, _, index = out.partition("|")
    return (path, int(index or 0)) if path else None


def _is_wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) not in ("Na", "H")


def rendered_units(text: str, family: str | None) -> float:
    """Width of ``text`` in body characters as the renderer sets it. For the PDF (``family`` is the
    mapped font LibreOffice uses): the font's own advances, condensed as ``PDF_CONDENSE_TWENTIETHS``,
    plus the 1/5 em LibreOffice puts between Chinese and Western characters (it ignores the DOCX's
    autoSpaceDE/DN). For Word and the official fonts: ``char_units``."""
    found = _font_file(family) if family else None
    if found:
        try:
            from PIL import ImageFont

            scale = 10  # measure at 10× for sub-point precision
            font = ImageFont.truetype(found[0], size=BODY_PT * scale, index=found[1])
        except (ImportError, OSError):
            return char_units(text)
        pitch = BODY_PT + PDF_CONDENSE_TWENTIETHS / 20
        width = sum(font.getlength(c) / scale + PDF_CONDENSE_TWENTIETHS / 20 for c in text)
        width += sum(BODY_PT / 5 for a, b in zip(text, text[1:], strict=False) if _is_wide(a) != _is_wide(b))
        return width / pitch
    return char_units(text)


def closing_indents(issuer_units: float, date_units: float) -> tuple[float, float]:
    """Right indents, in characters, of the 署名 and the 成文日期 (GB/T 9704 §7.3.5.3, unsealed):
    署名 右空二字 and the date's first character two characters right of the 署名's; if the date would then
    come closer than two characters to the right edge, the date is 右空二字 and the 署名 moves left."""
    date_right = issuer_units + 2 - 2 - date_units  # = issuer width − date width
    if date_right >= 2:
        return 2.0, date_right
    return date_units + 4 - issuer_units, 2.0


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
        sec.header_distance, sec.footer_distance = Mm(15), Mm(FOOTER_DISTANCE_MM)
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
        keep_next: bool = False,
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
        if keep_next:
            _keep_next(ppr)
        _exact_spacing(ppr)
        _no_hanging_punctuation(ppr, self.for_pdf)
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
        _no_hanging_punctuation(ppr, self.for_pdf)
        control = self.doc.settings.element.find(qn("w:characterSpacingControl"))
        if control is None:
            control = OxmlElement("w:characterSpacingControl")
            self.doc.settings.element.append(control)
        control.set(qn("w:val"), "compressPunctuation")

    def _styles(self) -> None:
        self._doc_defaults()
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        _fonts(normal.element, self.font(BODY_FONT))
        _exact_spacing(normal.element.get_or_add_pPr())
        _no_hanging_punctuation(normal.element.get_or_add_pPr(), self.for_pdf)
        self._style(STYLE_TITLE, TITLE_FONT, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
        self._style(
            STYLE_H1,
            H1_FONT,
            BODY_PT,
            WD_ALIGN_PARAGRAPH.JUSTIFY,
            first_line_chars=200,
            outline=0,
            keep_next=True,
        )
        self._style(
            STYLE_H2,
            H2_FONT,
            BODY_PT,
            WD_ALIGN_PARAGRAPH.JUSTIFY,
            first_line_chars=200,
            outline=1,
            keep_next=True,
        )
        self._style(STYLE_BODY, BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_chars=200)
        self._style(STYLE_CLOSING, BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT)
        self._style(STYLE_TABLE, BODY_FONT, 12, WD_ALIGN_PARAGRAPH.CENTER)

    def _page_number(self, footer, align, side: str) -> None:  # type: ignore[no-untyped-def]
        p = footer.paragraphs[0]
        p.alignment = align
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:line"), str(FOOTER_LINE_PT * 20))
        spacing.set(qn("w:lineRule"), "exact")
        spacing.set(qn("w:before"), "0")
        spacing.set(qn("w:after"), "0")
        p._p.get_or_add_pPr().append(spacing)
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
            p = self.doc.add_paragraph(style=STYLE_TITLE)
            for n, line in enumerate(title_lines(block.text)):
                run = p.add_run(line)
                if n:
                    run._r.insert(0, OxmlElement("w:br"))
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
        """署名 and 成文日期 of a document without a seal (GB/T 9704 §7.3.5.3): one blank line below the
        body, indents from ``closing_indents`` measured with the font the renderer will use."""
        self.doc.add_paragraph("", style=STYLE_BODY)
        date_text = cn_date(day) if day is not None else ""
        family = self.font(BODY_FONT) if self.for_pdf else None
        issuer_right, date_right = closing_indents(
            rendered_units(issuer, family), rendered_units(date_text, family) if date_text else 0
        )
        if issuer:
            p = self.doc.add_paragraph(issuer, style=STYLE_CLOSING)
            _keep_next(p._p.get_or_add_pPr())
            self._right_chars(p, issuer_right)
        if date_text:
            p = self.doc.add_paragraph(date_text, style=STYLE_CLOSING)
            self._right_chars(p, date_right if issuer else 2.0)

    def _right_chars(self, p, chars: float) -> None:  # type: ignore[no-untyped-def]
        """Right indent in body characters: ``rightChars`` for Word's character grid, and twips of
        the character pitch the renderer sets (LibreOffice reads ``w:right``)."""
        pitch_pt = BODY_PT + (PDF_CONDENSE_TWENTIETHS / 20 if self.for_pdf else 0)
        ind = OxmlElement("w:ind")
        ind.set(qn("w:rightChars"), str(round(chars * 100)))
        ind.set(qn("w:right"), str(round(chars * pitch_pt * 20)))
        p._p.get_or_add_pPr().append(ind)

    def to_bytes(self) -> bytes:
        _schema_order(self.doc.element)
        _schema_order(self.doc.styles.element)
        for sec in self.doc.sections:
            for footer in (sec.footer, sec.even_page_footer):
                _schema_order(footer._element)
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
