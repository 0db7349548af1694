"""What the leaders' dashboard (驾驶舱) shows: figures of the registry, never its own counting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fazhi.core.figures import Figure, FigureQuery, collect, module_label, providers
from fazhi.core.registry import DashboardChart, registry
from fazhi.orgs.models import OrgUnit


def kpi_keys() -> list[str]:
    """The KPIs every installed module's manifest declares (ModuleConfig.kpis), in module order."""
    return list(registry.kpis)


TREND_YEARS = 3
TOP_UNITS = 10


@dataclass(frozen=True)
class Kpi:
    figure: Figure
    module: str  # 行政复议 / 行政应诉 …: the same label (审结) occurs in several modules


@dataclass
class Dashboard:
    year: int
    kpis: list[Kpi]
    charts: dict[str, Any] = field(default_factory=dict)


def _chart_point(fig: Figure) -> dict[str, Any]:
    return {"name": fig.label, "value": fig.value, "url": fig.drilldown}


def _points(
    chart: DashboardChart, query: FigureQuery, figures: dict[str, Figure]
) -> list[dict[str, Any]] | None:
    """The chart's points; None when its figures are absent (a share chart with no part, too)."""
    if chart.kind == "share":
        return [_chart_point(figures[k]) for k in chart.keys if k in figures] or None
    key = chart.keys[0]
    provider = next((p for p in providers() if p.module == key.split(".", 1)[0]), None)
    if provider is None or provider.breakdown is None or key not in figures:
        return None
    rows = provider.breakdown(query, key, "org")[:TOP_UNITS]
    return [{"name": r.label, "value": r.value, "url": r.drilldown} for r in rows]


def build(year: int, org: OrgUnit | None) -> Dashboard:
    """Figures for ``year`` in the scope ``org``; absent modules simply contribute nothing."""
    query = FigureQuery.for_year(year, org)
    figures = collect(query)
    kpis = [Kpi(figures[k], module_label(k)) for k in kpi_keys() if k in figures]
    charts: dict[str, Any] = {}
    for chart in registry.charts:  # each module's manifest declares its own (ModuleConfig.dashboard_charts)
        points = _points(chart, query, figures)
        if points is not None:
            charts[chart.code] = {
                "title": chart.title.format(year=year),
                "kind": chart.kind,
                "points": points,
            }
    trend_years = list(range(year - TREND_YEARS + 1, year + 1))
    per_year = {y: (figures if y == year else collect(FigureQuery.for_year(y, org))) for y in trend_years}
    series = [
        {
            "name": figures[k].label if k in figures else k,
            "key": k,
            "values": [per_year[y][k].value if k in per_year[y] else None for y in trend_years],
        }
        for k in registry.trend_keys
        if k in figures
    ]
    if series:
        charts["trend"] = {
            "title": f"{trend_years[0]}–{year}年案件数量",
            "years": [f"{y}年" for y in trend_years],
            "kind": "trend",
            "series": series,
        }
    return Dashboard(year=year, kpis=kpis, charts=charts)
