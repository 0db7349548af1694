"""Figures of FIGURES.md (行政复议) from records built here; the expected values are counted from the fixtures."""

from __future__ import annotations

from collections import Counter
from datetime import date
from urllib.parse import urlencode

import pytest

from fazhi.core.actions import TRUSTED, run
from fazhi.reconsideration import stats
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.models import CORRECTED_OUTCOMES, OUTCOME_GROUPS, Outcome, ReconsiderationCase
from fazhi.reports.figures import FigureQuery, collect, rate

# (received, accepted, concluded, outcome, respondent) — some received in 2022 and concluded in 2023.
PLAN = [
    (date(2022, 12, 1), date(2022, 12, 5), date(2023, 1, 16), Outcome.UPHELD, "police"),
    (date(2022, 12, 2), date(2022, 12, 6), None, None, "land"),  # carried over, still open
    (date(2023, 2, 1), date(2023, 2, 3), date(2023, 3, 20), Outcome.UPHELD, "police"),
    (date(2023, 2, 6), date(2023, 2, 8), date(2023, 3, 1), Outcome.REJECTED_CLAIM, "land"),
    (date(2023, 2, 7), date(2023, 2, 8), date(2023, 3, 2), Outcome.REJECTED_APPLICATION, "police"),
    (date(2023, 3, 1), date(2023, 3, 2), date(2023, 4, 10), Outcome.REVOKED, "land"),
    (date(2023, 3, 6), date(2023, 3, 7), date(2023, 4, 11), Outcome.CONFIRMED_ILLEGAL, "police"),
    (date(2023, 4, 3), date(2023, 4, 4), date(2023, 4, 20), Outcome.WITHDRAWN, "police"),
    (date(2023, 5, 4), date(2023, 5, 5), date(2023, 5, 30), Outcome.MEDIATED, "land"),
    (date(2023, 6, 1), date(2023, 6, 2), date(2023, 9, 1), Outcome.TERMINATED, "police"),  # concluded late
    (date(2023, 11, 1), date(2023, 11, 2), None, None, "police"),  # open on 31 Dec, past deadline
    (date(2023, 12, 20), date(2023, 12, 21), date(2024, 1, 30), Outcome.UPHELD, "land"),
]


@pytest.fixture
def built(concluded, receive, bureau, police, land):  # type: ignore[no-untyped-def]
    units = {"police": police, "land": land}
    cases = [concluded(r, a, c, o, respondent=units[u]) for r, a, c, o, u in PLAN]
    declined = run(
        WORKFLOW,
        "decline",
        receive(date(2023, 7, 3)),
        actor=bureau,
        data={"date": date(2023, 7, 5), "reason": "超期"},
        version=TRUSTED,
    )
    return cases, declined


def _in(d, year=2023):  # type: ignore[no-untyped-def]
    return d is not None and d.year == year


def expected(cases, declined):  # type: ignore[no-untyped-def]
    first, last = date(2023, 1, 1), date(2023, 12, 31)
    concluded = [c for c in cases if _in(c.concluded_on)]
    outcomes = Counter(c.outcome for c in concluded)
    grouped = {name: sum(outcomes[o] for o in codes) for name, (_, codes) in OUTCOME_GROUPS.items()}
    overdue = [
        c
        for c in cases
        if (
            c.accepted_on <= last
            and (c.concluded_on is None or c.concluded_on > last)
            and c.decision_due < last
        )
        or (_in(c.concluded_on) and c.concluded_on > c.decision_due)
    ]
    return {
        "received": sum(_in(c.received_on) for c in [*cases, declined]),
        "accepted": sum(_in(c.accepted_on) for c in cases),
        "declined": 1,
        "carried_over": sum(
            c.accepted_on < first and (c.concluded_on is None or c.concluded_on >= first) for c in cases
        ),
        "concluded": len(concluded),
        **grouped,
        "mediated": outcomes[Outcome.MEDIATED],
        "overdue": len(overdue),
        "correction_rate": rate(grouped["corrected"], len(concluded)),
        "substantive_resolution_rate": rate(
            grouped["corrected"] + outcomes[Outcome.MEDIATED] + outcomes[Outcome.WITHDRAWN], len(concluded)
        ),
        **performance_expected([c.pk for c in cases]),
    }


def performance_expected(pks):  # type: ignore[no-untyped-def]
    """The 按期履行 figures from the 履行监督 records of the cases (none in this fixture: 0, 0, —)."""
    from fazhi.casefiles.models import Performance

    rows = [r for r in Performance.objects.filter(object_id__in=pks) if _in(r.due_on)]
    on_time = sum(r.performed_on is not None and r.performed_on <= r.due_on for r in rows)
    return {
        "performance_due": len(rows),
        "performed_on_time": on_time,
        "performance_rate": rate(on_time, len(rows)),
    }


def test_figures_match_records(built, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    cases, declined = built
    # the case counts in one statement, the 按期履行 figures (履行监督 records, README) in one more
    with django_assert_max_num_queries(2):
        figs = stats.figures(FigureQuery.for_year(2023))
    got = {f.key.removeprefix("reconsideration."): f.value for f in figs}
    want = expected(cases, declined)
    assert got == want
    assert want["overdue"] >= 2 and want["carried_over"] >= 1  # the fixtures exercise both definitions


def test_outcome_groups_sum_to_concluded(built):  # type: ignore[no-untyped-def]
    """FIGURES.md: upheld + rejected + corrected + withdrawn + other = concluded, always."""
    figs = collect(FigureQuery.for_year(2023))
    parts = sum(
        figs[f"reconsideration.{k}"].value for k in ("upheld", "rejected", "corrected", "withdrawn", "other")
    )
    assert parts == figs["reconsideration.concluded"].value
    assert figs["reconsideration.correction_rate"].base == "以审结数为基数"
    assert set(Outcome.values) == {o for _, codes in OUTCOME_GROUPS.values() for o in codes}
    assert set(CORRECTED_OUTCOMES) == set(OUTCOME_GROUPS["corrected"][1])


def test_rate_is_none_without_concluded_cases(db):  # type: ignore[no-untyped-def]
    figs = {f.key: f for f in stats.figures(FigureQuery.for_year(2001))}
    assert figs["reconsideration.correction_rate"].value is None
    assert figs["reconsideration.correction_rate"].display() == "—"


def test_scope_limits_figures(built, police):  # type: ignore[no-untyped-def]
    cases, declined = built
    figs = {f.key: f for f in stats.figures(FigureQuery.for_year(2023, police))}
    assert figs["reconsideration.concluded"].value == sum(
        1 for c in cases if _in(c.concluded_on) and c.org_id == police.pk
    )
    assert f"scope={police.pk}" in figs["reconsideration.concluded"].drilldown


@pytest.mark.parametrize(
    "key",
    [
        "received",
        "accepted",
        "declined",
        "carried_over",
        "concluded",
        "upheld",
        "rejected",
        "corrected",
        "withdrawn",
        "other",
        "mediated",
        "overdue",
        "correction_rate",
        "substantive_resolution_rate",
    ],
)
def test_drilldown_lists_exactly_the_counted_records(built, bureau, client, key):  # type: ignore[no-untyped-def]
    cases, declined = built
    figs = {f.key: f for f in stats.figures(FigureQuery.for_year(2023))}
    fig = figs[f"reconsideration.{key}"]
    client.force_login(bureau)
    html = client.get(fig.drilldown).content.decode()
    listed = {c.number for c in ReconsiderationCase.objects.all() if f'data-case="{c.number}"' in html}
    if fig.is_rate:
        numerator = round(fig.value * figs["reconsideration.concluded"].value) if fig.value is not None else 0
        assert len(listed) == numerator
    else:
        assert len(listed) == fig.value


@pytest.mark.parametrize("dimension", ["org", "field", "act_category"])
def test_breakdown_sums_and_drills_down(built, bureau, client, dimension):  # type: ignore[no-untyped-def]
    query = FigureQuery.for_year(2023)
    total = {f.key: f.value for f in stats.figures(query)}["reconsideration.concluded"]
    rows = stats.breakdown(query, "reconsideration.concluded", dimension)
    assert sum(r.value for r in rows) == total
    client.force_login(bureau)
    for row in rows:
        html = client.get(row.drilldown).content.decode()
        assert html.count("data-case=") == row.value
    assert stats.breakdown(query, "reconsideration.correction_rate", dimension) == []


def test_drilldown_url_is_the_list_page(built):  # type: ignore[no-untyped-def]
    fig = {f.key: f for f in stats.figures(FigureQuery.for_year(2023))}["reconsideration.received"]
    assert fig.drilldown == "/reconsideration/?" + urlencode(
        [("received_from", "2023-01-01"), ("received_to", "2023-12-31")]
    )


def test_prefilter_keeps_every_count(built):  # type: ignore[no-untyped-def]
    """The aggregate's prefilter only narrows the rows read: every count of every year, quarter and month
    around the fixtures equals the count over the whole scope without it (each ``where`` implies it)."""
    from dataclasses import replace

    from fazhi.core.figures import Period

    unfiltered = replace(stats.FIGURES, prefilter=None)
    periods = [Period.year(y) for y in (2022, 2023, 2024)]
    periods += [Period.quarter(y, n) for y in (2022, 2023, 2024) for n in (1, 2, 3, 4)]
    periods += [Period.month(2023, m) for m in range(1, 13)]
    nonzero = set()
    for period in periods:
        query = FigureQuery(period)
        got = stats.FIGURES.counts(query)
        assert got == unfiltered.counts(query), period.label
        nonzero |= {k for k, v in got.items() if v}
    # every count, carried_over and overdue included, is exercised by some period
    assert nonzero == set(got)
