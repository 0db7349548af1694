"""Figures at scale (issue 11 item 4): a county-year's figures take a few queries per module, however many
figures there are, and an aggregate compiled once for a period shape gives what a fresh one gives.

The records are the shared hand-made 2019 of 应诉 and 复议 (``cases``, ``recon_cases``) plus a few cases
on either side of it; nothing here is timed (speed is measured in ``bench/figures.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from fazhi.core import figure_sql
from fazhi.core.figures import (
    CountFigure,
    FigureQuery,
    FigureSet,
    Period,
    collect,
    date_range,
    providers,
    register_provider,
    unregister_provider,
)
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.testing.clients import pinned_clock  # noqa: F401 (fixture)

# The clock is pinned: today is part of a compiled aggregate's key, and midnight must not pass mid-test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

# Queries one module may take for a period, whatever the number of its figures: its records' aggregate,
# one per other source (a tally, another model) and its ``extra`` figures (litigation has all four).
PER_MODULE = 4
# Once compiled: a module's counts are one statement, its ``extra`` figures one more (enforcement's
# register figures — bodies, teams, recorders, officers, items, reviews — are one statement too).
WARM_PER_MODULE = 2


@pytest.fixture
def county(cases: Any, recon_cases: Any, units: dict[str, Any]) -> dict[str, Any]:
    """The hand-made 2019, and 复议 cases received in 2018 and concluded in 2020 (carried over both ways)."""
    recon_cases.add("d02", date(2018, 11, 5), date(2018, 11, 8), date(2020, 2, 10), "revoked")
    recon_cases.add("d01", date(2018, 12, 3), date(2018, 12, 4))
    recon_cases.add("d01", date(2020, 3, 2), date(2020, 3, 3), date(2020, 5, 6), "withdrawn")
    return units


@pytest.fixture(autouse=True)
def fresh_templates() -> Iterator[None]:
    figure_sql.clear()
    yield
    figure_sql.clear()


def _values(query: FigureQuery) -> dict[str, Any]:
    return {k: f.value for k, f in collect(query).items()}


def _fresh(query: FigureQuery) -> dict[str, Any]:
    """Every figure from aggregates built for this query alone (no compiled template)."""
    figure_sql.clear()
    return _values(query)


def _periods() -> list[Period]:
    return [
        *(Period.year(y) for y in (2018, 2019, 2020)),
        *(Period.quarter(2019, q) for q in (1, 2, 3, 4)),
        *(Period.month(2019, m) for m in (1, 2, 3, 12)),
        Period.month(2020, 2),  # a leap February
    ]


def test_a_compiled_aggregate_gives_what_a_fresh_one_gives(county: dict[str, Any]) -> None:
    """For every scope and period: compile the aggregates on the same period four years before (same
    shape, leap days included), then rerun them with this period's dates — the figures equal those of
    aggregates built for this period, and nothing new was compiled."""
    checked = 0
    for org in (None, county["gov"], county["d01"]):
        for period in _periods():
            query = FigureQuery(period, org)
            expected = _fresh(query)
            figure_sql.clear()
            before = Period(
                period.start.replace(year=period.start.year - 4),
                period.end.replace(year=period.end.year - 4),
                "",
            )
            _values(FigureQuery(before, org))
            compiled = figure_sql.reusable()
            with CaptureQueriesContext(connection) as ctx:
                got = _values(query)
            assert got == expected, (period.label, org)
            assert compiled >= len(providers()) and figure_sql.reusable() == compiled, "templates reused"
            assert len(ctx.captured_queries) <= PER_MODULE * len(providers())
            checked += sum(1 for v in expected.values() if v)
    assert checked > 100  # the fixtures give non-zero figures across the periods


def test_county_year_costs_a_few_queries_per_module_not_per_figure(
    county: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    """Collecting every figure of a county-year takes at most PER_MODULE queries per module the first
    time and WARM_PER_MODULE once compiled; a module with forty counts costs the same queries as one with
    one count."""
    query = FigureQuery.for_year(2019, county["gov"])
    with django_assert_max_num_queries(PER_MODULE * len(providers())):
        first = collect(query)
    # compiled: a module's counts are one statement, its ``extra`` figures (litigation's) one more
    # + 1: 法治建设综合 also reads the governments' own 顾而不问 windows (GovernmentSettings.idle_months, issue 16)
    with django_assert_max_num_queries(WARM_PER_MODULE * len(providers()) + 1):
        assert collect(query) == first
    counts = {}
    for n in (1, 40):
        with _planted(n):
            with CaptureQueriesContext(connection) as ctx:
                figures = collect(query)
            counts[n] = len(ctx.captured_queries)
            planted = {k: f.value for k, f in figures.items() if k.startswith("planted.")}
        received = ReconsiderationCase.objects.filter(
            org__path__startswith=county["gov"].path, received_on__year=2019
        ).count()
        assert len(planted) == n and planted["planted.n0"] == received > 0
    assert counts[1] == counts[40]


class _planted:
    """A test module with ``n`` counts over the 复议 cases (received in the period, id above i)."""

    def __init__(self, n: int) -> None:
        where, params = date_range("received_on")
        self.set = FigureSet(
            module="planted",
            queryset=lambda query: ReconsiderationCase.objects.filter(
                Q(org__path__startswith=query.org.path) if query.org else Q()
            ),
            list_url="reconsideration:case_list",
            figures=lambda: [
                CountFigure(f"planted.n{i}", f"第{i}项", lambda p, i=i: where(p) & Q(id__gt=i), params)
                for i in range(n)
            ],
        )

    def __enter__(self) -> None:
        register_provider(self.set.provider())

    def __exit__(self, *exc: object) -> None:
        unregister_provider("planted")


def test_an_aggregate_that_shifts_the_period_is_built_every_time(county: dict[str, Any]) -> None:
    """A count whose SQL is not the period's first and last day (here: 30 days before the start) is not
    compiled into a template; it is built for each query and stays right."""
    where, params = date_range("received_on")
    month = timedelta(days=30)
    lead = FigureSet(
        module="planted",
        queryset=lambda query: ReconsiderationCase.objects.all(),
        list_url="reconsideration:case_list",
        figures=lambda: [
            CountFigure(
                "planted.lead",
                "提前一月收到",
                lambda p: Q(received_on__gte=p.start - month, received_on__lte=p.end - month),
                params,
            )
        ],
    )
    for year in (2018, 2019, 2020):
        p = Period.year(year)
        got = lead.counts(FigureQuery(p))["planted.lead"]
        assert (
            got
            == ReconsiderationCase.objects.filter(
                received_on__gte=p.start - month, received_on__lte=p.end - month
            ).count()
        )
        assert figure_sql.reusable() == 0
    assert lead.counts(FigureQuery(Period.year(2019)))["planted.lead"] > 0
