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
from collections.abc import Callable
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
