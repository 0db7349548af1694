"""Figure registry (DESIGN.md §4; FIGURES.md): every number the platform reports.

A domain module registers a provider in its ``hooks.py``::

    from fazhi.reports.figures import FigureProvider, register_provider
    register_provider(FigureProvider(module="reconsideration", compute=stats.figures, breakdown=stats.breakdown))

``compute(query)`` returns a list of ``Figure`` for the query's period and scope, with each
figure's ``drilldown`` the URL of the module's list page filtered to exactly the counted records.
A module that is not installed registers nothing, so its keys are absent (never zero).
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fazhi.orgs.models import OrgUnit


@dataclass(frozen=True)
class Period:
    """A reporting period: a year, a quarter or a month (inclusive dates, Asia/Shanghai)."""

    start: date
    end: date
    label: str

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), f"{year}年")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("季度应为1–4")
        first = 3 * (quarter - 1) + 1
        last = first + 2
        return cls(
            date(year, first, 1),
            date(year, last, _calendar.monthrange(year, last)[1]),
            f"{year}年第{'一二三四'[quarter - 1]}季度",
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(
            date(year, month, 1),
            date(year, month, _calendar.monthrange(year, month)[1]),
            f"{year}年{month}月",
        )


@dataclass(frozen=True)
class FigureQuery:
    period: Period
    org: OrgUnit | None = None  # scope root; None = the whole government

    @classmethod
    def for_year(cls, year: int, org: OrgUnit | None = None) -> FigureQuery:
        return cls(Period.year(year), org)


@dataclass(frozen=True)
class Figure:
    key: str  # FIGURES.md key, e.g. "reconsideration.concluded"
    label: str  # 审结
    value: int | float | None  # counts int; rates a fraction rounded to 4 decimals, None when 0/0
    unit: str  # 件 / % / 台 / 人 ...
    drilldown: str | None = None  # list page URL with the filter that selects the counted records
    base: str = ""  # for rates: "以审结数为基数"
    numerator: str = ""  # for rates: keys of numerator and denominator (consistency checks)
    denominator: str = ""

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"

    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.is_rate:
            return f"{Decimal(str(self.value)) * 100:.2f}%"
        return f"{self.value}"


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    value: int
    drilldown: str | None = None
    org_id: int | None = None


@dataclass
class FigureProvider:
    module: str
    compute: Callable[[FigureQuery], list[Figure]]
    # (query, key, dimension) -> rows; dimension e.g. "org", "field", "act_category"
    breakdown: Callable[[FigureQuery, str, str], list[BreakdownRow]] | None = None
    dimensions: dict[str, str] = field(default_factory=dict)  # dimension code -> 中文
    # query -> names of the parties (applicants, plaintiffs, third parties …) of the period's records,
    # read through the module's own stats/selectors: a publication must not name any of them.
    party_names: Callable[[FigureQuery], Iterable[str]] | None = None


_providers: dict[str, FigureProvider] = {}


def register_provider(provider: FigureProvider) -> None:
    _providers[provider.module] = provider


def providers() -> list[FigureProvider]:
    return list(_providers.values())


def collect(query: FigureQuery) -> dict[str, Figure]:
    """Every registered figure for the query, keyed by FIGURES.md key."""
    out: dict[str, Figure] = {}
    for provider in _providers.values():
        for fig in provider.compute(query):
            out[fig.key] = fig
    return dict(sorted(out.items()))


def party_names(query: FigureQuery) -> set[str]:
    """Every party name of every installed module's records in the query's period and scope."""
    names: set[str] = set()
    for provider in _providers.values():
        if provider.party_names is not None:
            names.update(n.strip() for n in provider.party_names(query) if n and n.strip())
    return names


def rate(numerator: int, denominator: int) -> float | None:
    """numerator ÷ denominator as a fraction rounded half up to 4 decimals; None when 0 (FIGURES.md)."""
    if not denominator:
        return None
    return float(
        (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    )


def as_json(query: FigureQuery, scope_name: str) -> dict[str, Any]:
    """The JSON shape of FIGURES.md: {"year", "scope", "figures": {key: value}}."""
    return {
        "year": query.period.start.year,
        "scope": scope_name,
        "figures": {k: f.value for k, f in collect(query).items()},
    }


# --- Additive extensions (issue 5): sum rules for the consistency checks, module labels, dicts. ---


@dataclass(frozen=True)
class SumRule:
    """``total`` must equal the sum of ``parts`` (keys); a part ending in ``.*`` sums every key with
    that prefix. Checked on every report (RULES §7 reports must not contradict themselves)."""

    total: str
    parts: tuple[str, ...]
    label: str = ""


_sum_rules: dict[tuple[str, tuple[str, ...]], SumRule] = {}
_module_labels: dict[str, str] = {
    "reconsideration": "行政复议",
    "litigation": "行政应诉",
    "disputes": "行政争议化解",
    "decisions": "重大行政决策",
    "normative": "行政规范性文件",
    "enforcement": "行政执法",
    "governance": "法治建设综合",
    "business": "营商环境",
}


def register_sum_rule(rule: SumRule) -> None:
    _sum_rules[(rule.total, rule.parts)] = rule


def sum_rules() -> list[SumRule]:
    return list(_sum_rules.values())


def register_module_label(module: str, label: str) -> None:
    _module_labels[module] = label


def module_label(key_or_module: str) -> str:
    module = key_or_module.split(".", 1)[0]
    return _module_labels.get(module, module)


def installed_modules() -> set[str]:
    """Modules whose figures can appear: every registered provider's module and key prefixes."""
    return set(_providers)


def figure_dict(fig: Figure) -> dict[str, Any]:
    """Everything about a figure that a report snapshot freezes."""
    return {
        "key": fig.key,
        "label": fig.label,
        "value": fig.value,
        "unit": fig.unit,
        "drilldown": fig.drilldown,
        "base": fig.base,
        "numerator": fig.numerator,
        "denominator": fig.denominator,
        "display": fig.display(),
    }


def figure_from_dict(data: dict[str, Any]) -> Figure:
    return Figure(
        key=data["key"],
        label=data["label"],
        value=data["value"],
        unit=data["unit"],
        drilldown=data.get("drilldown"),
        base=data.get("base", ""),
        numerator=data.get("numerator", ""),
        denominator=data.get("denominator", ""),
    )


def unregister_provider(module: str) -> None:
    """Remove a provider (tests that plant a provider of their own clean up with this)."""
    _providers.pop(module, None)
    for key in [k for k, r in _sum_rules.items() if r.total.split(".", 1)[0] == module]:
        _sum_rules.pop(key, None)


# The identity FIGURES.md states for 行政复议 (a test asserts it); disputes by channel.
register_sum_rule(
    SumRule(
        "reconsideration.concluded",
        (
            "reconsideration.upheld",
            "reconsideration.rejected",
            "reconsideration.corrected",
            "reconsideration.withdrawn",
            "reconsideration.other",
        ),
        "审结 = 维持 + 驳回 + 纠错 + 撤回 + 其他",
    )
)
register_sum_rule(
    SumRule("disputes.resolved", ("disputes.resolved_by_channel.*",), "化解成功 = 各渠道化解之和")
)
