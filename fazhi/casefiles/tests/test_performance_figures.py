"""按期履行 as figures of 行政复议 (《行政复议法》第七十七条: the respondent performs the decision; README
「按期履行」): the decisions whose 履行期限 falls in the period, those performed by it, and the rate
recomputed from the two; each drill-down lists exactly what it counts. Expectations are computed here from
the records, never typed in."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.casefiles import performance
from fazhi.casefiles.models import Performance
from fazhi.casefiles.registry import for_label
from fazhi.core.figures import FigureQuery, rate
from fazhi.reconsideration import stats
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import ID_NUMBER, PHONE, applicant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def test_on_time_figures_of_the_year(decided_case, bureau, clerk) -> None:  # type: ignore[no-untyped-def]
    cf = for_label("reconsideration")
    plan = [  # due date, reported performance (None: not reported)
        (date(2026, 10, 30), date(2026, 11, 15)),  # late
        (date(2026, 11, 10), date(2026, 11, 5)),  # on time
        (date(2026, 11, 30), None),  # not yet due, not reported
        (date(2027, 1, 29), date(2026, 11, 18)),  # on time, but due next year
    ]
    for due_on, performed_on in plan:
        case = decided_case()
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


def _listed(client: Any, url: str) -> list[int]:
    html = client.get(url).content.decode()
    return sorted(int(pk) for pk in re.findall(r'data-case-id="(\d+)"', html))


@pytest.fixture
def supervised_year(decided_case, bureau, clerk, other_clerk, land):  # type: ignore[no-untyped-def]
    """Decisions of the police (the clerk's unit) and of the land bureau, due in 2026 and after, on time,
    late and unreported."""
    cf = for_label("reconsideration")
    plan = [  # respondent, due date, reported performance (None: not reported)
        (None, date(2026, 10, 30), date(2026, 11, 15)),  # late
        (None, date(2026, 11, 10), date(2026, 11, 5)),  # on time
        (None, date(2026, 11, 30), None),  # not reported
        (None, date(2027, 1, 29), date(2026, 11, 18)),  # on time, due next year
        (land, date(2026, 11, 12), date(2026, 11, 2)),  # on time, the land bureau's
    ]
    for respondent, due_on, performed_on in plan:
        case = decided_case(respondent=respondent)
        performance.supervise(cf, case, actor=bureau, due_on=due_on)
        if performed_on:
            performance.report(
                cf,
                case,
                actor=clerk if respondent is None else other_clerk,
                performed_on=performed_on,
                text="已履行",
            )


def _expected(org: Any = None) -> tuple[list[int], list[int]]:
    """The rows each count selects, read from the records (the 2026 履行期限; the unit's cases)."""
    rows = [
        r
        for r in Performance.objects.all()
        if date(2026, 1, 1) <= r.due_on <= date(2026, 12, 31) and (org is None or r.org_id == org.pk)
    ]
    on_time = [r for r in rows if r.performed_on is not None and r.performed_on <= r.due_on]
    return sorted(r.object_id for r in rows), sorted(r.object_id for r in on_time)


@pytest.mark.usefixtures("supervised_year")
def test_each_figure_drills_down_to_exactly_what_it_counts(bureau, police) -> None:  # type: ignore[no-untyped-def]
    client = page(bureau)
    for query, org in ((FigureQuery.for_year(2026), None), (FigureQuery.for_year(2026, police), police)):
        due, on_time = _expected(org)
        figs = {f.key: f for f in stats.figures(query)}
        # The figures themselves are what they were: counts of the records, the rate recomputed.
        assert figs["reconsideration.performance_due"].value == len(due)
        assert figs["reconsideration.performed_on_time"].value == len(on_time)
        assert figs["reconsideration.performance_rate"].value == rate(len(on_time), len(due))
        assert _listed(client, figs["reconsideration.performance_due"].drilldown) == due
        assert _listed(client, figs["reconsideration.performed_on_time"].drilldown) == on_time
        # A rate drills down to its numerator's records.
        assert _listed(client, figs["reconsideration.performance_rate"].drilldown) == on_time
    assert (len(_expected()[0]), len(_expected(police)[0])) == (4, 3)  # the land bureau's is out of scope


@pytest.mark.usefixtures("supervised_year")
def test_a_unit_sees_only_its_own_supervisions(clerk, other_clerk, police, land) -> None:  # type: ignore[no-untyped-def]
    """DESIGN §5: a clerk reads its unit's records; another unit's drill-down lists none of them, and the
    case's 履行监督 page is a 404 for it."""
    figs = {f.key: f for f in stats.figures(FigureQuery.for_year(2026, police))}
    url = figs["reconsideration.performance_due"].drilldown
    police_cases, _ = _expected(police)
    land_cases = sorted(r.object_id for r in Performance.objects.filter(org=land))
    assert _listed(page(clerk), url) == police_cases
    seen = _listed(page(other_clerk), url)  # the foreign scope is dropped: its own rows only
    assert not set(seen) & set(police_cases) and seen == land_cases
    assert (
        page(other_clerk).get(f"/reconsideration/casefile/{police_cases[0]}/performance/").status_code == 404
    )


def test_the_list_masks_personal_data_and_states(decided_case, bureau, clerk) -> None:  # type: ignore[no-untyped-def]
    cf = for_label("reconsideration")
    case = decided_case(parties=[applicant(name="李四", id_number=ID_NUMBER, phone=PHONE)])
    performance.supervise(cf, case, actor=bureau, due_on=date(2026, 11, 30))
    html = page(clerk).get("/reconsideration/casefile/performance/?state=unreported").content.decode()
    assert case.number in html
    assert ID_NUMBER not in html and PHONE not in html and "李四" not in html
    assert _listed(page(clerk), "/reconsideration/casefile/performance/?state=on_time") == []


def test_the_list_page_reads_a_fixed_number_of_queries(decided_case, bureau) -> None:  # type: ignore[no-untyped-def]
    """One page of rows costs the same queries whatever its length (no query per row)."""
    cf = for_label("reconsideration")
    client = page(bureau)
    url = "/reconsideration/casefile/performance/?due_from=2026-01-01&due_to=2026-12-31"
    counts = []
    for _ in range(2):
        for _ in range(3):
            performance.supervise(cf, decided_case(), actor=bureau, due_on=date(2026, 11, 30))
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] and counts[1] <= 12, counts
    assert len(_listed(client, url)) == 6


def test_the_benchmarks_hand_sql_counts_the_same(decided_case, bureau, clerk) -> None:  # type: ignore[no-untyped-def]
    """``bench/figures.py`` compares every published key with hand-written SQL; the province generator
    writes no 履行监督 records, so its 按期履行 SQL is checked here, over records with each outcome."""
    from bench.figures import hand_sql

    cf = for_label("reconsideration")
    for due_on, performed_on in (
        (date(2026, 10, 30), date(2026, 11, 15)),
        (date(2026, 11, 10), date(2026, 11, 5)),
    ):
        case = decided_case()
        performance.supervise(cf, case, actor=bureau, due_on=due_on)
        performance.report(cf, case, actor=clerk, performed_on=performed_on, text="已履行")
    decided_case()  # a decision without supervision counts nowhere
    figs = {f.key: f.value for f in stats.figures(FigureQuery.for_year(2026))}
    sql = hand_sql("", 2026, ("reconsideration",))
    keys = (
        "reconsideration.performance_due",
        "reconsideration.performed_on_time",
        "reconsideration.performance_rate",
    )
    assert [sql[k] for k in keys] == [figs[k] for k in keys] == [2, 1, 0.5]
