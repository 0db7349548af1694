"""Consistency checks run on every report (issue 5 item 2).

* breakdowns sum to their totals (``figures.sum_rules()`` and each provider's breakdown by unit);
* every rate equals numerator ÷ denominator rounded half up (FIGURES.md);
* the same label never shows two different numbers — across figures of one module and between a
  figure and a number typed into the narrative ("审结150件" where the records say 144);
* every ``{{key}}`` in the text names a figure that exists.

A problem blocks approval until the bureau acknowledges it (the ``acknowledge_checks`` edit of ``actions.EDITS``).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from fazhi.core.pii import find_personal_data
from fazhi.core.registry import registry

from .compose import TOKEN, plain
from .figures import Figure, FigureQuery, module_label, providers, rate, sum_rules


@dataclass(frozen=True)
class Problem:
    kind: str  # sum / rate / label / missing / placeholder
    message: str
    link: str = ""  # drill-down to the records behind the figure (narrative mismatches)

    @property
    def id(self) -> str:
        """Stable while the problem is the same problem (same kind and wording, values included)."""
        return hashlib.sha256(f"{self.kind}|{self.message}".encode()).hexdigest()[:16]


def _value(fig: Figure | None) -> int | float | None:
    return fig.value if fig is not None else None


def check_sums(figures: dict[str, Figure]) -> list[Problem]:
    out: list[Problem] = []
    for rule in sum_rules():
        total = figures.get(rule.total)
        if total is None or total.value is None:
            continue
        parts: list[Figure] = []
        missing = False
        for part in rule.parts:
            if part.endswith(".*"):
                prefix = part[:-1]
                parts.extend(f for k, f in figures.items() if k.startswith(prefix))
            elif part in figures:
                parts.append(figures[part])
            else:
                missing = True
        if missing or not parts:
            continue
        got = sum(int(p.value or 0) for p in parts)
        if got != total.value:
            names = " + ".join(f"{p.label}{p.display()}" for p in parts)
            out.append(
                Problem(
                    "sum",
                    f"{module_label(rule.total)}：{total.label}{total.display()}，"
                    f"但分项之和为{got}（{names}）",
                )
            )
    return out


def check_breakdowns(query: FigureQuery, figures: dict[str, Figure]) -> list[Problem]:
    """Each count's breakdown by responsible unit must add up to the count (when a provider offers it)."""
    out: list[Problem] = []
    for provider in providers():
        if provider.breakdown is None or "org" not in provider.dimensions:
            continue
        for key, fig in figures.items():
            if not key.startswith(provider.module + ".") or fig.is_rate or not isinstance(fig.value, int):
                continue
            try:
                rows = provider.breakdown(query, key, "org")
            except (KeyError, ValueError, LookupError):
                continue  # the provider does not break this key down
            if not rows:
                continue
            got = sum(r.value for r in rows)
            if got != fig.value:
                out.append(
                    Problem(
                        "sum", f"{module_label(key)}：{fig.label}{fig.display()}，但按单位分项之和为{got}"
                    )
                )
    return out


def _composite(figures: dict[str, Figure], spec: str) -> Figure | None:
    """A numerator key, or a sum written "module.a+b+c" (later parts share the first part's module)."""
    if "+" not in spec:
        return figures.get(spec)
    first, *rest = spec.split("+")
    prefix = first.rsplit(".", 1)[0] + "."
    parts = [figures.get(first), *(figures.get(r if "." in r else prefix + r) for r in rest)]
    if any(p is None or p.value is None for p in parts):
        return None
    labels = "+".join(p.label for p in parts)  # type: ignore[union-attr]
    return Figure(spec, labels, sum(int(p.value) for p in parts), "件")  # type: ignore[union-attr,arg-type]


def check_rates(figures: dict[str, Figure]) -> list[Problem]:
    out: list[Problem] = []
    for key, fig in figures.items():
        if not fig.is_rate or not fig.numerator or not fig.denominator:
            continue
        num, den = _composite(figures, fig.numerator), figures.get(fig.denominator)
        if num is None or den is None or num.value is None or den.value is None:
            continue
        expected = rate(int(num.value), int(den.value))
        if expected != fig.value:
            shown = "—" if expected is None else f"{expected * 100:.2f}%"
            out.append(
                Problem(
                    "rate",
                    f"{module_label(key)}：{fig.label}为{fig.display()}，但{num.label}"
                    f"{num.display()} ÷ {den.label}{den.display()} = {shown}",
                )
            )
    return out


def check_labels(figures: dict[str, Figure], texts: list[str]) -> list[Problem]:
    out: list[Problem] = []
    by_label: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, fig in figures.items():
        by_label[(module_label(key), fig.label)].add(fig.display())
    for (module, label), shown in sorted(by_label.items()):
        if len(shown) > 1:
            out.append(
                Problem("label", f"{module}：「{label}」同时出现不同数值（{'、'.join(sorted(shown))}）")
            )
    return out


# --- Numbers typed into the narrative (issue 9 item 4) -------------------------------------------
# Words under which a report's text names a figure, beside the figure's own label, and the words that
# name a module: each module declares them in its manifest (``figure_words``, ``text_words``). The
# longest word wins where words overlap (不予受理 ≠ 受理, 综合化解率 ≠ 化解率), and a number belongs to
# the nearest word before it.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
_BLANK = "\x00"  # what a {{key}} placeholder becomes: a number never reaches across it
_COUNT_AFTER = re.compile(r"^[^\d\x00，。；、,;：:！？]{0,16}?(\d+)\s*[件宗起]")
_RATE_AFTER = re.compile(r"^[^\d\x00，。；、,;：:！？]{0,8}?(\d+(?:\.\d+)?)\s*%")
_RATE_BEFORE = re.compile(r"(\d+(?:\.\d+)?)\s*%\s*[（(]?$")


def register_synonyms(key: str, *words: str) -> None:
    registry.add_figure_words(key, *words)


def register_module_words(module: str, *words: str) -> None:
    registry.add_module_words(module, *words)


def _words(figures: dict[str, Figure]) -> dict[str, list[Figure]]:
    """word → the present figures it may name (a figure's label is always one of its words)."""
    out: dict[str, list[Figure]] = defaultdict(list)
    for key, fig in figures.items():
        if fig.value is None and not fig.is_rate:
            continue
        words = set(registry.figure_words.get(key, ()))
        if len(fig.label) >= 2:
            words.add(fig.label)
        for w in words:
            out[w].append(fig)
    return out


def _same_rate(typed: str, value: float | None) -> bool:
    if value is None:
        return False
    places = len(typed.split(".", 1)[1]) if "." in typed else 0
    shown = (Decimal(str(value)) * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return shown == Decimal(typed)


def _paragraph_label(titles: list[str] | None, i: int, n: int) -> str:
    title = (titles[i] if titles and i < len(titles) else "") or "导语"
    return f"「{title}」第{n}段"


def check_narrative(
    figures: dict[str, Figure], texts: list[str], titles: list[str] | None = None
) -> list[Problem]:
    """Every count or rate typed into the narrative next to a word that names a figure must equal that
    figure ("收到…申请5件" when the records say 3 is listed with the paragraph and a drill-down)."""
    words = _words(figures)
    if not words:
        return []
    word_re = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    module_re = re.compile(
        "|".join(
            re.escape(w) for ws in registry.module_words.values() for w in sorted(ws, key=len, reverse=True)
        )
    )
    module_of = {w: m for m, ws in registry.module_words.items() for w in ws}
    out: list[Problem] = []
    for i, text in enumerate(texts):
        module = ""  # the module named last, carried from paragraph to paragraph within a section
        paragraphs = [
            p for p in TOKEN.sub(_BLANK, plain(text)).translate(_FULL_WIDTH).splitlines() if p.strip()
        ]
        for n, para in enumerate(paragraphs, start=1):
            marks = [(m.start(), module_of[m.group(0)]) for m in module_re.finditer(para)]
            hits = list(word_re.finditer(para))
            for j, hit in enumerate(hits):
                stop = hits[j + 1].start() if j + 1 < len(hits) else len(para)
                region = para[hit.end() : stop]
                start = hits[j - 1].end() if j else 0
                candidates = words[hit.group(0)]
                typed, phrase, end = None, "", hit.end()
                if candidates[0].is_rate:
                    m = _RATE_AFTER.match(region)
                    if m:
                        typed, phrase, end = m.group(1), hit.group(0) + m.group(0), hit.end() + m.end()
                    else:
                        b = _RATE_BEFORE.search(para[start : hit.start()])
                        if b:
                            typed, phrase = b.group(1), b.group(0) + hit.group(0)
                else:
                    m = _COUNT_AFTER.match(region)
                    if m:
                        typed, phrase, end = m.group(1), hit.group(0) + m.group(0), hit.end() + m.end()
                if typed is None:
                    continue
                named = [mod for pos, mod in marks if pos < end]
                module = named[-1] if named else module
                scoped = [f for f in candidates if f.key.split(".", 1)[0] == module]
                figs = scoped or candidates
                if any(
                    _same_rate(typed, f.value) if f.is_rate else str(f.value) == typed  # type: ignore[arg-type]
                    for f in figs
                ):
                    continue
                records = "、".join(
                    f"{module_label(f.key)}「{f.label}」为{f.display()}{'' if f.is_rate else f.unit}"
                    for f in figs
                )
                excerpt = para[max(0, hit.start() - 12) : end + 4].replace(_BLANK, "…").strip()
                out.append(
                    Problem(
                        "label",
                        f"{_paragraph_label(titles, i, n)}“…{excerpt}…”：正文写「{phrase.replace(_BLANK, '')}」"
                        f"（{typed}{'%' if figs[0].is_rate else ''}），但记录中{records}",
                        link=next((f.drilldown for f in figs if f.drilldown), "") or "",
                    )
                )
    return out


PLACEHOLDER = re.compile(r"[（(]?\s*(?:请填写|待填写|待补充)[^）)\n。]{0,40}[）)]?")


def check_placeholders(texts: list[str], titles: list[str] | None = None) -> list[Problem]:
    """ "（请填写…）" left in the text: the draft is not finished and cannot go to 保密审查."""
    out = []
    for i, text in enumerate(texts):
        paragraphs = [p for p in text.splitlines() if p.strip()]
        for n, para in enumerate(paragraphs, start=1):
            for m in PLACEHOLDER.finditer(para):
                out.append(
                    Problem(
                        "placeholder",
                        f"{_paragraph_label(titles, i, n)}仍有待填写的内容「{m.group(0).strip()}」，请填写后再提交",
                    )
                )
    return out


def check_missing(figures: dict[str, Figure], texts: list[str]) -> list[Problem]:
    out = []
    for key in sorted({k for t in texts for k in TOKEN.findall(t)}):
        if key not in figures:
            out.append(Problem("missing", f"正文引用的数据「{key}」不存在（模块未安装或指标名称有误）"))
    return out


def run_checks(
    query: FigureQuery, figures: dict[str, Figure], texts: list[str], titles: list[str] | None = None
) -> list[Problem]:
    """Every check; ``titles`` name the sections of ``texts`` in the messages (导语 when empty)."""
    problems = [
        *check_sums(figures),
        *check_breakdowns(query, figures),
        *check_rates(figures),
        *check_labels(figures, texts),
        *check_narrative(figures, texts, titles),
        *check_placeholders(texts, titles),
        *check_missing(figures, texts),
    ]
    seen: set[str] = set()
    unique = []
    for p in problems:
        if p.id not in seen:
            seen.add(p.id)
            unique.append(p)
    return unique


def personal_data(texts: list[str]) -> list[str]:
    """The kinds of personal data found in ``texts`` (every variant, see ``fazhi.core.pii``)."""
    return sorted({hit.kind for text in texts for hit in find_personal_data(text)})
