"""Platform contract, figures (FIGURES.md; DESIGN §4): every figure of every registered provider that
links to a drill-down lists exactly as many records as it counts (a rate: as its numerator counts),
following the list's pages; so does every breakdown row."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.reports.figures import FigureQuery
from fazhi.testing import contract
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import make_dispute

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

PROVIDERS = [p.module for p in contract.figure_providers() if not contract.test_only(p.module)]
YEAR = 2019


@pytest.fixture
def year(cases: Any, recon_cases: Any, bureau: Any, units: Any) -> FigureQuery:
    """The shared hand-made 2019 of 应诉 and 复议, plus disputes closed and open in two units."""
    from fazhi.core.actions import run
    from fazhi.disputes.actions import WORKFLOW

    for i, (unit, opened, closed, resolved) in enumerate(
        [
            ("d01", date(2019, 2, 1), date(2019, 3, 1), True),
            ("d01", date(2019, 4, 1), date(2019, 6, 1), False),
            ("d02", date(2019, 5, 1), None, None),
            ("d02", date(2018, 12, 1), date(2019, 1, 15), True),
        ]
    ):
        d = make_dispute(bureau, units[unit], opened, source="petition" if i % 2 else "pre_litigation")
        if closed:
            run(
                WORKFLOW,
                "close",
                d,
                actor=bureau,
                data={"date": closed, "resolved": resolved},
                version=d.version,
            )
    for module in contract.modules():
        make_year = contract.facts(module).year
        if make_year is not None:
            make_year(bureau, units)
    return FigureQuery.for_year(YEAR)


def _expected(fig: Any, figures: dict[str, Any]) -> int | None:
    if not fig.is_rate:
        return fig.value
    numerator = figures.get(fig.numerator)
    return numerator.value if numerator is not None else None


@pytest.mark.parametrize("module", PROVIDERS)
def test_every_drilldown_lists_exactly_what_its_figure_counts(
    year: FigureQuery, bureau: Any, module: str
) -> None:
    provider = next(p for p in contract.figure_providers() if p.module == module)
    figures = {f.key: f for f in provider.compute(year)}
    client = page(bureau)
    checked, wrong = 0, []
    for fig in figures.values():
        expected = _expected(fig, figures)
        if (
            not fig.drilldown
            or fig.measured  # a sum or an entered value: its drill-down lists its sources, not its count
            or expected is None
            or not contract.facts(contract.drilldown_module(fig.drilldown)).row
        ):
            continue
        listed = len(contract.listed_rows(client, fig.drilldown))
        checked += 1
        if listed != expected:
            wrong.append(f"{fig.key}: figure {expected}, drill-down lists {listed} ({fig.drilldown})")
    assert checked and any(f.value for f in figures.values()), figures
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("module", [p for p in PROVIDERS if contract.figure_provider(p).breakdown])
def test_every_breakdown_row_lists_exactly_its_count(year: FigureQuery, bureau: Any, module: str) -> None:
    provider = next(p for p in contract.figure_providers() if p.module == module)
    figures = [f for f in provider.compute(year) if not f.is_rate and f.value and f.drilldown]
    client = page(bureau)
    checked, wrong = 0, []
    for fig in figures:
        for dimension in provider.dimensions:
            for row in provider.breakdown(year, fig.key, dimension):  # type: ignore[misc]
                if not row.drilldown or not contract.facts(contract.drilldown_module(row.drilldown)).row:
                    continue
                listed = len(contract.listed_rows(client, row.drilldown))
                checked += 1
                if listed != row.value:
                    wrong.append(
                        f"{fig.key} by {dimension} {row.label}: {row.value} ≠ {listed} ({row.drilldown})"
                    )
    assert checked
    assert not wrong, "\n".join(wrong)
