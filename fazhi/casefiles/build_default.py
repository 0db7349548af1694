"""Builds the shipped default template ``docx/default.docx`` (run: ``python -m fazhi.casefiles.build_default``).

GB/T 9704-2012 layout: A4, margins 37/35/28/26 mm (top/bottom/left/right), title in 2号 小标宋, text in
3号 仿宋_GB2312 at a fixed 28.95 pt line (22 lines × 28 characters), 文号 under the title, 落款 and date
right-aligned, page number "— n —" in 4号. The jinja tags are docxtpl's: an administrator's replacement
may move or restyle them (see ``render.CONTEXT_HELP`` for the names)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

PATH = Path(__file__).resolve().parent / "docx" / "default.docx"
BODY_FONT, TITLE_FONT, HEAD_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体"


def _font(run, name: str, size: float) -> None:  # type: ignore[no-untyped-def]
    run.font.name = name
    run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _para(doc, text: str, *, font: str = BODY_FONT, size: float = 16, align=None, indent: bool = False):  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28.95)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 3号
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(text), font, size)
    return p


def _page_number(section) -> None:  # type: ignore[no-untyped-def]
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), "宋体", 14)
    run = p.add_run()
    _font(run, "宋体", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _font(p.add_run(" —"), "宋体", 14)


def build(path: Path = PATH) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    _para(doc, "{{ issuer }}", font=TITLE_FONT, size=22, align=center)
    _para(doc, "{{ title }}", font=TITLE_FONT, size=22, align=center)
    _para(doc, "{{ number }}", align=right)
    _para(doc, "")
    _para(doc, "{{ recipient }}：")
    _para(doc, "{%p for s in sections %}")
    _para(doc, "{%p if s.heading %}")
    _para(doc, "{{ s.heading }}", font=HEAD_FONT, indent=True)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p for text in s.paragraphs %}")
    _para(doc, "{{ text }}", indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endfor %}")
    _para(doc, "")
    _para(doc, "{{ signature }}", align=right)
    _para(doc, "{%p if seal_text %}")
    _para(doc, "（印章：{{ seal_text }}）", align=right)
    _para(doc, "{%p endif %}")
    _para(doc, "{{ issued_on_cn }}", align=right)
    _para(doc, "{%p if cc %}")
    _para(doc, "抄送：{{ cc }}")
    _para(doc, "{%p endif %}")
    _page_number(section)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
