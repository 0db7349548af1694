"""GB/T 9704-2012 points measured on the PDF that LibreOffice makes from our DOCX (RULES §8).

Each test reads positions back from the PDF (poppler's ``pdftotext -bbox-layout``, and the page image from
``pdftoppm`` for the page number's dash), so it checks what a reader sees, not what the DOCX asks for.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest

from fazhi.reports import docx_build
from fazhi.reports.compose import Block, Run
from fazhi.reports.pdf import docx_to_pdf, font_map

MM_PER_PT = 25.4 / 72
TEXT_LEFT_MM, TEXT_RIGHT_MM = 28.0, 210.0 - 26.0  # 版心 156 mm wide
TEXT_BOTTOM_MM = 297.0 - 35.0  # 版心 225 mm high, from 37 mm
CHAR_MM = (docx_build.BODY_PT + docx_build.PDF_CONDENSE_TWENTIETHS / 20) * MM_PER_PT  # one body character
LINE_MM = docx_build.LINE_PITCH_TWIPS / 20 * MM_PER_PT
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass
class Line:
    page: int
    text: str
    left: float
    right: float
    top: float
    bottom: float


def pdf_lines(pdf: Path) -> list[Line]:
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out.stdout))
    lines = []
    for n, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        for line in page.iter(f"{XHTML}line"):
            text = "".join(w.text or "" for w in line.iter(f"{XHTML}word"))
            lines.append(
                Line(
                    n,
                    text,
                    *(float(line.get(k)) * MM_PER_PT for k in ("xMin", "xMax", "yMin", "yMax")),
                )
            )
    return lines


def dash_rows_mm(pdf: Path, page: int, line: Line, dpi: int = 300) -> float:
    """The vertical middle, in mm from the top of the page, of the page number's 一字线: the rows of the
    page image, inside the number's box, that hold a long horizontal run of dark pixels."""
    px = dpi / 25.4
    x, y = int(line.left * px) - 4, int(line.top * px) - 20
    w, h = int((line.right - line.left) * px) + 8, int((line.bottom - line.top) * px) + 40
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "p"
        subprocess.run(
            ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page)]
            + ["-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h), str(pdf), str(base)],
            check=True,
        )
        data = next(Path(tmp).glob("p*.pgm")).read_bytes()
    magic, width, height, _maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    width, height = int(width), int(height)
    min_run = int(2.5 * px)  # a 4号 一字线 is about 4.9 mm long; digits are never that wide
    rows = []
    for r in range(height):
        row = pixels[r * width : (r + 1) * width]
        run = best = 0
        for value in row:
            run = run + 1 if value < 128 else 0
            best = max(best, run)
        if best >= min_run:
            rows.append(r)
    assert rows, "no 一字线 found in the page number"
    return (y + (rows[0] + rows[-1]) / 2) / px


def convert(docx: bytes, tmp_path: Path) -> Path:
    assert shutil.which("soffice") and shutil.which("pdftoppm"), "LibreOffice and poppler-utils: make system"
    path = tmp_path / "doc.pdf"
    path.write_bytes(docx_to_pdf(docx))
    return path


# A paragraph whose first line (2 characters of indent, 26 characters of text) would end with a comma
# hanging outside the 版心 if punctuation were allowed to hang.
HANGING_TRAP = "甲" * 26 + "，" + "乙" * 20 + "。"


def crafted_blocks(title: str) -> list[Block]:
    blocks = [Block("title", [Run(title)])]
    # The 2号 title takes two grid lines a line (4) + blank line = 5; 16 one-line paragraphs → 21: the heading would be
    # the page's 22nd, last line, with its paragraph on the next page.
    blocks += [Block("para", [Run(f"第{n}段。")]) for n in range(1, 17)]
    blocks.append(Block("h1", [Run("一、保持与下文同页的标题")]))
    blocks += [Block("para", [Run(HANGING_TRAP)]) for _ in range(6)]
    blocks.append(Block("h2", [Run("（一）又一个标题")]))
    blocks += [
        Block("para", [Run("全年收到行政复议申请146件，审结144件，纠错8件，" * 3 + "完。")]) for _ in range(4)
    ]
    return blocks


TITLE = "关于示例市2019年度法治政府建设工作情况的报告"


@pytest.fixture(scope="module")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Line]]:
    docx = docx_build.build(
        crafted_blocks(TITLE), "示例市人民政府", date(2020, 3, 23), font_map=font_map(), for_pdf=True
    )
    pdf = convert(docx, tmp_path_factory.mktemp("gbt9704"))
    return pdf, pdf_lines(pdf)


def test_no_punctuation_hangs_outside_the_type_area(crafted) -> None:  # type: ignore[no-untyped-def]
    """GB/T 9704 §5.2/§6: text stays inside the 156 mm 版心; a comma or full stop at a line end is set
    inside it (标点压缩/避头尾), never 5.7 mm past it."""
    _, lines = crafted
    body = [ln for ln in lines if not re.fullmatch(r"—\d+—", ln.text)]
    assert any(ln.text.startswith("甲") for ln in body)
    for ln in body:
        assert ln.right <= TEXT_RIGHT_MM + 0.3, (ln.page, ln.text, round(ln.right - TEXT_RIGHT_MM, 1))
        assert ln.left >= TEXT_LEFT_MM - 0.3, (ln.page, ln.text)
    # 避头尾: no line begins with a comma or full stop.
    assert not [ln.text for ln in body if ln.text[:1] in "，。、；：）"]


def test_page_number_dash_seven_mm_below_the_type_area(crafted) -> None:  # type: ignore[no-untyped-def]
    """GB/T 9704 §7.5: 一字线上距版心下边缘 7 mm; odd pages right, even pages left."""
    pdf, lines = crafted
    numbers = [ln for ln in lines if re.fullmatch(r"—\d+—", ln.text)]
    assert len(numbers) >= 2
    for ln in numbers:
        below = dash_rows_mm(pdf, ln.page, ln) - TEXT_BOTTOM_MM
        assert abs(below - 7) <= 0.7, (ln.page, round(below, 1))
        if ln.page % 2:
            assert ln.right > (TEXT_LEFT_MM + TEXT_RIGHT_MM) / 2
        else:
            assert ln.left < (TEXT_LEFT_MM + TEXT_RIGHT_MM) / 2


def test_title_breaks_by_meaning(crafted) -> None:  # type: ignore[no-untyped-def]
    """GB/T 9704 §7.2: a two-line title breaks where the meaning allows, with no short tail such as
    "的报告" alone on the second line; lines centred."""
    _, lines = crafted
    first, second = lines[0], lines[1]
    assert (first.text, second.text) == ("关于示例市2019年度", "法治政府建设工作情况的报告")
    for ln in (first, second):
        assert abs((ln.left + ln.right) / 2 - (TEXT_LEFT_MM + TEXT_RIGHT_MM) / 2) < 1.0


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (TITLE, ["关于示例市2019年度", "法治政府建设工作情况的报告"]),
        (
            "瑞安市人民政府关于2019年度法治政府建设工作情况的报告",
            ["瑞安市人民政府关于2019年度", "法治政府建设工作情况的报告"],
        ),
        ("示例市2019年度法治政府建设情况报告", ["示例市2019年度法治政府建设情况报告"]),
        (
            "行政机关负责人出庭应诉情况通报（2019年第二季度）",
            ["行政机关负责人出庭应诉情况通报", "（2019年第二季度）"],
        ),
        ("示例市人民政府关于2025年度法治政府建设和依法行政工作推进情况的报告", None),
    ],
)
def test_title_lines(title: str, expected: list[str] | None) -> None:
    lines = docx_build.title_lines(title)
    assert "".join(lines) == title
    if expected is not None:
        assert lines == expected
    for line in lines:
        assert docx_build.char_units(line) <= docx_build.TITLE_UNITS_PER_LINE
    assert len(lines) == 1 or docx_build.char_units(lines[-1]) >= docx_build.TITLE_MIN_TAIL


def test_headings_stay_with_the_next_paragraph(crafted) -> None:  # type: ignore[no-untyped-def]
    """A heading is never the last line of a page (kept with the paragraph it introduces)."""
    _, lines = crafted
    heading = next(ln for ln in lines if ln.text.startswith("一、保持"))
    after = lines[lines.index(heading) + 1]
    assert after.page == heading.page and after.text.startswith("甲")
    for page in {ln.page for ln in lines}:
        text_lines = [ln for ln in lines if ln.page == page and not re.fullmatch(r"—\d+—", ln.text)]
        assert not re.match(
            r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）", text_lines[-1].text
        ), page


def test_signature_and_date_of_an_unsealed_document(crafted) -> None:  # type: ignore[no-untyped-def]
    """GB/T 9704 §7.3.5.3 (a published report carries no seal): 署名 one blank line below the body;
    成文日期 on the next line, its first character two characters right of the 署名's first; the one that
    ends nearer the right edge is 右空二字 (the 署名 when it is the longer, else the date)."""
    _, lines = crafted
    sig = next(ln for ln in lines if ln.text == "示例市人民政府")
    day = next(ln for ln in lines if ln.text == "2020年3月23日")
    last_body = lines[lines.index(sig) - 1]
    assert sig.page == day.page == last_body.page
    assert abs((sig.top - last_body.top) - 2 * LINE_MM) < 0.5  # one blank line between
    assert abs((day.top - sig.top) - LINE_MM) < 0.5  # the next line
    assert abs((day.left - sig.left) - 2 * CHAR_MM) < 0.8
    right_spaces = sorted([TEXT_RIGHT_MM - sig.right, TEXT_RIGHT_MM - day.right])
    assert abs(right_spaces[0] - 2 * CHAR_MM) < 0.8  # the one nearer the edge: 右空二字
    assert right_spaces[1] >= right_spaces[0]


@pytest.mark.parametrize(
    ("issuer", "day", "expected"),
    [
        (
            9.0,
            6.5,
            (2.0, 2.5),
        ),  # 署名 longer by 2+: 署名 右空二字, the date two characters right of its start
        (7.0, 6.5, (3.5, 2.0)),  # shifted, the date would come within 二字 of the edge: date 右空二字
        (5.0, 6.5, (5.5, 2.0)),  # date longer than the 署名: date 右空二字, 署名 moves left to match
    ],
)
def test_closing_indents(issuer: float, day: float, expected: tuple[float, float]) -> None:
    """GB/T 9704 §7.3.5.3 in characters from the right edge of the 版心 (28 a line)."""
    got = docx_build.closing_indents(issuer, day)
    assert got == pytest.approx(expected)
    assert (28 - got[1] - day) - (28 - got[0] - issuer) == pytest.approx(2)  # date starts 2 right of 署名


def test_the_word_file_asks_for_the_same() -> None:
    """The DOCX for Word (official fonts) states the same rules in Word's terms: no hanging punctuation
    (overflowPunct off), 避头尾 on, no extra space around numerals, headings kept with the next paragraph,
    the title broken by a line break, and paragraph properties in schema order."""
    import io

    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(docx_build.build(crafted_blocks(TITLE), "示例市人民政府", date(2020, 3, 23))))
    for name in (docx_build.STYLE_BODY, docx_build.STYLE_H1, docx_build.STYLE_CLOSING):
        ppr = doc.styles[name].element.find(qn("w:pPr"))
        assert ppr.find(qn("w:overflowPunct")).get(qn("w:val")) == "0"
        assert ppr.find(qn("w:kinsoku")).get(qn("w:val")) == "1"
        assert ppr.find(qn("w:autoSpaceDN")).get(qn("w:val")) == "0"
        tags = [c.tag for c in ppr]
        assert tags == sorted(tags, key=docx_build._PPR_ORDER.index)
    for name in (docx_build.STYLE_TITLE, docx_build.STYLE_H1, docx_build.STYLE_H2):
        assert doc.styles[name].element.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
    title = doc.paragraphs[0]
    assert title.text == "关于示例市2019年度\n法治政府建设工作情况的报告"
    sig, day = doc.paragraphs[-2], doc.paragraphs[-1]
    assert (sig.text, day.text) == ("示例市人民政府", "2020年3月23日")
    # 仿宋_GB2312 sets numerals half width: the date is 6.5 characters, the 署名 7 → date 右空二字.
    rights = [int(p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))) for p in (sig, day)]
    assert rights == [350, 200]
    assert doc.paragraphs[-3].text == "" and doc.paragraphs[-4].text != ""  # one blank line
