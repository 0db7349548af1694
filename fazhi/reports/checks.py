"""Consistency checks run on every report (issue 5 item 2).

* breakdowns sum to their totals (``figures.sum_rules()`` and each provider's breakdown by unit);
* every rate equals numerator ÷ denominator rounded half up (FIGURES.md);
* the same label never shows two different numbers — across figures of one module and between a
  figure and a number typed into the narrative ("审结150件" where the records say 144);
* every ``{{key}}`` in the text names a figure that exists.

A problem blocks approval until the bureau acknowledges it (``services.acknowledge_checks``).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass

from .compose import TOKEN
from .figures import Figure, FigureQuery, module_label, providers, rate, sum_rules


@dataclass(frozen=True)
class Problem:
    kind: str  # sum / rate / label / missing
    message: str

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
    # Numbers typed into the narrative next to a figure's label: the number must be one of the
    # values that label has (both 行政复议 and 行政应诉 have 「审结」, each with its own number).
    plain = [TOKEN.sub("", t) for t in texts]
    by_text_label: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for fig in figures.values():
        if not fig.is_rate and fig.value is not None and len(fig.label) >= 2:
            by_text_label[(fig.label, fig.unit or "")].append(fig)
    for (label, unit), figs in sorted(by_text_label.items()):
        pattern = re.compile(re.escape(label) + r"(?:了|共)?(\d+)" + re.escape(unit))
        allowed = {int(f.value) for f in figs}  # type: ignore[arg-type]
        for text in plain:
            for m in pattern.finditer(text):
                if int(m.group(1)) not in allowed:
                    values = "、".join(f"{module_label(f.key)}{f.display()}{unit}" for f in figs)
                    out.append(Problem("label", f"正文写「{m.group(0)}」，但数据「{label}」为{values}"))
    return out


def check_missing(figures: dict[str, Figure], texts: list[str]) -> list[Problem]:
    out = []
    for key in sorted({k for t in texts for k in TOKEN.findall(t)}):
        if key not in figures:
            out.append(Problem("missing", f"正文引用的数据「{key}」不存在（模块未安装或指标名称有误）"))
    return out


def run_checks(query: FigureQuery, figures: dict[str, Figure], texts: list[str]) -> list[Problem]:
    problems = [
        *check_sums(figures),
        *check_breakdowns(query, figures),
        *check_rates(figures),
        *check_labels(figures, texts),
        *check_missing(figures, texts),
    ]
    seen: set[str] = set()
    unique = []
    for p in problems:
        if p.id not in seen:
            seen.add(p.id)
            unique.append(p)
    return unique


PERSONAL_DATA = [
    (
        re.compile(
            r"(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9])"
        ),
        "身份证号",
    ),
    (re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])"), "手机号"),
]


def personal_data(texts: list[str]) -> list[str]:
    """What looks like personal data in text to be published (RULES §9: never on the portal)."""
    found = []
    for text in texts:
        for pattern, label in PERSONAL_DATA:
            if pattern.search(text):
                found.append(label)
    return sorted(set(found))
