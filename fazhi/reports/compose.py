"""Composing the report: default sections, figure paragraphs from templates, and blocks.

Section text is plain text, one paragraph a line. ``{{reconsideration.concluded}}`` stands for a
figure: rendered as its value (a drill-down link in HTML, frozen at approval). A line starting
with "一、" or a short line starting with "（一）" is a heading (GB/T 9704 levels, RULES §8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fazhi.core.figures import Clause, Figure, FigureParagraph
from fazhi.core.registry import registry

__all__ = ["Clause", "FigureParagraph"]  # declared by the modules' manifests, re-exported for old imports

TOKEN = re.compile(r"\{\{\s*([a-z_]+(?:\.[a-z0-9_]+)+)\s*\}\}")
# A generated sentence's link to the record it was written from (``ReportPart``): ``[text](/path/)``, shown
# as ``text`` (a link in the internal HTML, plain text in public pages and the DOCX).
LINK = re.compile(r"\[([^\[\]\n]+)\]\((/[^\s()]*)\)")
CN_NUM = "一二三四五六七八九十"
H1 = re.compile(r"^[一二三四五六七八九十]+、")
H2 = re.compile(r"^（[一二三四五六七八九十]+）")
H3 = re.compile(r"^(\d+\.|（\d+）)")


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + CN_NUM[n - 11]
    return CN_NUM[n // 10 - 1] + "十" + (CN_NUM[n % 10 - 1] if n % 10 else "")


@dataclass(frozen=True)
class SectionDefault:
    code: str
    title: str  # {year} = the report year, {next} = the following year
    enabled: bool = True


DEFAULT_SECTIONS = [
    SectionDefault("intro", ""),
    SectionDefault("measures", "{year}年推进法治政府建设的主要举措和成效"),
    SectionDefault("shortcomings", "{year}年推进法治政府建设存在的不足和原因"),
    SectionDefault("leaders", "{year}年度党政主要负责人履行推进法治建设第一责任人职责情况"),
    SectionDefault("plans", "{next}年度推进法治政府建设的主要安排"),
    SectionDefault("other", "其他需要报告的情况", enabled=False),
]


ORDINALS = ["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是"]


def figure_paragraphs(figures: dict[str, Figure]) -> list[str]:
    """The generated paragraphs (each module's manifest declares its own) for the figures present."""
    out: list[str] = []
    for para in registry.paragraphs:
        clauses = [c.text for c in para.clauses if c.keys and all(k in figures for k in c.keys)]
        if not clauses:
            continue
        body = "".join(clauses).lstrip("，、；")
        out.append(f"{ORDINALS[len(out)]}{para.lead}{body}。")
    return out


def default_text(
    code: str, year: int, figures: dict[str, Figure], government: str, org: object = None
) -> str:
    """Prefilled text of a section: headings, figure paragraphs and what the modules generate for it
    (``registry.report_parts``: the generated lines replace the section's placeholder); narrative left
    for staff."""
    generated = registry.report_lines(code, year, org)
    if code == "measures":
        return renumber("\n".join([_default_text(code, year, figures, government), *generated]))
    if generated and code in ("shortcomings", "leaders", "plans"):
        return "\n".join(generated)
    return _default_text(code, year, figures, government)


def _default_text(code: str, year: int, figures: dict[str, Figure], government: str) -> str:
    nxt = year + 1
    if code == "intro":
        return (
            f"{year}年，{government}深入贯彻落实法治政府建设实施纲要，坚持依法行政，"
            f"着力推进各项法治建设任务落实。现将{year}年度法治政府建设工作情况报告如下："
        )
    if code == "measures":
        lines = ["（一）依法化解行政争议，维护社会和谐稳定", *figure_paragraphs(figures)]
        if len(lines) == 1:
            lines.append("（请填写本年度推进法治政府建设的主要举措和成效。）")
        return "\n".join(lines)
    if code == "shortcomings":
        return "一是（请填写存在的不足）。\n二是（请填写原因分析）。"
    if code == "leaders":
        return (
            "（一）党委主要负责人履行推进法治建设第一责任人职责情况。（请填写）\n"
            "（二）政府主要负责人履行推进法治建设第一责任人职责情况。（请填写）"
        )
    if code == "plans":
        return f"（一）请填写{nxt}年度推进法治政府建设的第一项主要安排。"
    return ""


def renumber(text: str) -> str:
    """The "（一）" headings of a section numbered in order (modules append subsections of their own)."""
    n = 0

    def next_number(m: re.Match[str]) -> str:
        nonlocal n
        n += 1
        return f"（{cn_number(n)}）"

    return "\n".join(H2.sub(next_number, line, count=1) for line in text.splitlines())


def with_ordinals(lines: list[str]) -> list[str]:
    """Paragraphs opening with "一是…" numbered in order (generated suggestions before hand-written ones)."""
    return [re.sub(r"^[一二三四五六七八]是", ORDINALS[i], line) for i, line in enumerate(lines)]


def section_title(template: str, year: int) -> str:
    return template.format(year=year, next=year + 1)


def shift_years(title: str, old_year: int, new_year: int) -> str:
    """A title of the report on ``old_year`` rewritten for ``new_year`` (its "next year" moves too)."""
    mapping = {str(old_year): str(new_year), str(old_year + 1): str(new_year + 1)}
    return re.sub(rf"{old_year}|{old_year + 1}", lambda m: mapping[m.group(0)], title)


# --- Blocks: the one structure HTML and DOCX are rendered from. ---


@dataclass
class Run:
    text: str
    key: str = ""  # a figure placeholder
    figure: Figure | None = None
    href: str = ""  # a record link (``LINK``)
    emphasis: bool = False  # the lead sentence of a "（一）" paragraph (楷体)


@dataclass
class Block:
    kind: str  # title / h1 / h2 / para / closing
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def runs_for(text: str, figures: dict[str, Figure]) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for m in LINK.finditer(text):
        runs += _figure_runs(text[pos : m.start()], figures)
        runs.append(Run(m.group(1), href=m.group(2)))
        pos = m.end()
    return runs + _figure_runs(text[pos:], figures)


def plain(text: str) -> str:
    """``text`` with its record links reduced to their words (checks, counting)."""
    return LINK.sub(r"\1", text)


def _figure_runs(text: str, figures: dict[str, Figure]) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for m in TOKEN.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos : m.start()]))
        key = m.group(1)
        fig = figures.get(key)
        shown = fig.display() if fig else "［缺少数据］"
        runs.append(Run(shown, key=key, figure=fig))
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text[pos:]))
    return runs


def blocks_for_text(text: str, figures: dict[str, Figure]) -> list[Block]:
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if H1.match(line):
            blocks.append(Block("h1", runs_for(line, figures)))
        elif H2.match(line):
            end = line.find("。")
            if end == -1 or (end == len(line) - 1 and len(line) <= 40):
                blocks.append(Block("h2", runs_for(line, figures)))
            else:
                head = runs_for(line[: end + 1], figures)
                for r in head:
                    r.emphasis = True
                blocks.append(Block("para", head + runs_for(line[end + 1 :], figures)))
        else:
            blocks.append(Block("para", runs_for(line, figures)))
    return blocks


@dataclass
class SectionView:
    code: str
    title: str
    text: str
    has_heading: bool


def document_blocks(title: str, sections: list[SectionView], figures: dict[str, Figure]) -> list[Block]:
    """Title, then each enabled section: "一、<title>" numbered by position, then its paragraphs."""
    blocks = [Block("title", [Run(title)])]
    n = 0
    for sec in sections:
        if sec.has_heading:
            n += 1
            blocks.append(Block("h1", [Run(f"{cn_number(n)}、{sec.title}")]))
        blocks.extend(blocks_for_text(sec.text, figures))
    return blocks


def keys_in(text: str) -> list[str]:
    return TOKEN.findall(text)
