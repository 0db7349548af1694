"""按期履行 as figures of 行政复议 (《行政复议法》第七十七条: the respondent performs the decision; README
「按期履行」): the decisions whose 履行期限 falls in the period, those performed by it, and the rate
recomputed from the two; each drill-down lists exactly what it counts. Expectations are computed here from
the records, never typed in."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.casefiles import performance
from fazhi.casefiles.models import Performance
from fazhi.casefiles.registry import for_label
from fazhi.core.actions import TRUSTED, run
from fazhi.core.figures import FigureQuery, rate
from fazhi.reconsideration import stats
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


@pytest.fixture
def decided(receive, bureau):  # type: ignore[no-untyped-def]
    def make(outcome: str = "revoked"):  # type: ignore[no-untyped-def]
        case = receive(date(2026, 8, 3))
        case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2026, 8, 4)}, version=TRUSTED)
        return run(
            WORKFLOW,
            "conclude",
            case,
            actor=bureau,
            data={"date": date(2026, 9, 1), "outcome": outcome},
            version=TRUSTED,
        )

    return make


def test_on_time_figures_of_the_year(decided, bureau, clerk) -> None:  # type: ignore[no-untyped-def]
    cf = for_label("reconsideration")
    plan = [  # due date, reported performance (None: not reported)
        (date(2026, 10, 30), date(2026, 11, 15)),  # late
        (date(2026, 11, 10), date(2026, 11, 5)),  # on time
        (date(2026, 11, 30), None),  # not yet due, not reported
        (date(2027, 1, 29), date(2026, 11, 18)),  # on time, but due next year
    ]
    for due_on, performed_on in plan:
        case = decided()
        performance.supervise(cf, case, actor=bureau, due_on=due_on)
        if performed_on:
            performance.report(cf, case, actor=clerk, performed_on=performed_on, text="已履行")

    year = FigureQuery.for_year(2026)
    in_year = [r for r in Performance.objects.all() if year.period.start <= r.due_on <= year.period.end]
    on_time = [r for r in in_year if r.performed_on is not None and r.performed_on <= r.due_on]
    figs = {f.key: f for f in stats.figures(year)}
    assert figs["reconsideration.performance_due"].value == len(in_year)
    assert figs["reconsideration.performed_on_time"].value == len(on_time)
    rate_fig = figs["reconsideration.performance_rate"]
    assert rate_fig.value == rate(len(on_time), len(in_year)) and rate_fig.is_rate
    assert (rate_fig.numerator, rate_fig.denominator) == (
        "reconsideration.performed_on_time",
        "reconsideration.performance_due",
    )


def test_no_supervision_is_no_rate(bureau) -> None:  # type: ignore[no-untyped-def]
    figs = {f.key: f for f in stats.figures(FigureQuery.for_year(2026))}
    assert figs["reconsideration.performance_due"].value == 0
    assert figs["reconsideration.performance_rate"].value is None  # 0/0 is no rate, never 0 %


def test_the_benchmarks_hand_sql_counts_the_same(decided, bureau, clerk) -> None:  # type: ignore[no-untyped-def]
    """``bench/figures.py`` compares every published key with hand-written SQL; the province generator
    writes no 履行监督 records, so its 按期履行 SQL is checked here, over records with each outcome."""
    from bench.figures import hand_sql

    cf = for_label("reconsideration")
    for due_on, performed_on in (
        (date(2026, 10, 30), date(2026, 11, 15)),
        (date(2026, 11, 10), date(2026, 11, 5)),
    ):
        case = decided()
        performance.supervise(cf, case, actor=bureau, due_on=due_on)
        performance.report(cf, case, actor=clerk, performed_on=performed_on, text="已履行")
    decided()  # a decision without supervision counts nowhere
    figs = {f.key: f.value for f in stats.figures(FigureQuery.for_year(2026))}
    sql = hand_sql("", 2026, ("reconsideration",))
    keys = (
        "reconsideration.performance_due",
        "reconsideration.performed_on_time",
        "reconsideration.performance_rate",
    )
    assert [sql[k] for k in keys] == [figs[k] for k in keys] == [2, 1, 0.5]
