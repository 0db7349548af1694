"""Figures of FIGURES.md 行政应诉: values, drill-downs showing exactly the counted records, scope,
breakdown by defendant unit, bulletin and circular. Expected values come from the fixture specs."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from fazhi.core.actions import TRUSTED, run
from fazhi.litigation import stats
from fazhi.litigation.actions import WORKFLOW
from fazhi.litigation.models import (
    LOSS_OUTCOMES,
    QUALIFYING_POSTS,
    HeadPost,
    JudgmentKind,
    LitigationCase,
    Outcome,
    judgment_kind_for,
)
from fazhi.reports.figures import FigureQuery, Period, collect, rate
from fazhi.testing.factories import make_litigation_case as new_case

from .test_views import client_for, listed_ids

pytestmark = pytest.mark.django_db

YEAR = 2019


@pytest.fixture
def county(units, bureau) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """~60 cases over 2018–2020 in two units with sessions, outcomes and accountability inquiries."""
    rng = random.Random(7)
    specs: list[dict[str, Any]] = []
    for i in range(60):
        served = date(2018, 6, 1) + timedelta(days=rng.randrange(900))
        unit = "d01" if i % 3 else "d02"
        case = new_case(
            bureau, units[unit], units["court"], served, number=f"({served.year})浙0381行初{500 + i}号"
        )
        spec: dict[str, Any] = {
            "case": case,
            "unit": unit,
            "served": served,
            "sessions": [],
            "outcome": "",
            "kind": "",
            "concluded": None,
            "acc": None,
        }
        run(
            WORKFLOW,
            "record_answer",
            case,
            actor=bureau,
            data={"date": served + timedelta(days=5)},
            version=TRUSTED,
        )
        for k in range(rng.choice((0, 1, 2))):
            held = served + timedelta(days=20 + 15 * k)
            post = rng.choice([*HeadPost.values, ""])
            appeared = bool(post)
            run(
                WORKFLOW,
                "add_session",
                case,
                actor=bureau,
                data={
                    "date": held,
                    "head_appeared": appeared,
                    "head_name": "负责人" if appeared else "",
                    "head_post": post,
                    "absence_reason": "" if appeared else "出差",
                },
                version=TRUSTED,
            )
            spec["sessions"].append((held, appeared, post))
        if rng.random() < 0.8:
            outcome = rng.choice(Outcome.values)
            kind = judgment_kind_for(outcome) or rng.choice(JudgmentKind.values)  # RULES §3
            concluded = served + timedelta(days=60)
            run(
                WORKFLOW,
                "judge",
                case,
                actor=bureau,
                data={"date": concluded, "outcome": outcome, "kind": kind},
                version=TRUSTED,
            )
            spec.update(outcome=outcome, kind=kind, concluded=concluded)
            if outcome in LOSS_OUTCOMES and rng.random() < 0.8:
                spec["acc"] = concluded + timedelta(days=10)
                run(
                    WORKFLOW,
                    "open_accountability",
                    case,
                    actor=bureau,
                    data={"date": spec["acc"]},
                    version=TRUSTED,
                )
        specs.append(spec)
    return {"specs": specs, "units": units}


def _within(d: date | None, p: Period) -> bool:
    return d is not None and p.start <= d <= p.end


def expected(specs: list[dict[str, Any]], p: Period, unit: str | None = None) -> dict[str, set[int]]:
    sel = [s for s in specs if unit is None or s["unit"] == unit]
    concl = [s for s in sel if _within(s["concluded"], p)]

    def ids(rows: list[dict[str, Any]]) -> set[int]:
        return {s["case"].pk for s in rows}

    def sessions(s: dict[str, Any], pred: Any) -> bool:
        return any(_within(h, p) and pred(a, post) for h, a, post in s["sessions"])

    return {
        "litigation.received": ids([s for s in sel if _within(s["served"], p)]),
        "litigation.concluded": ids(concl),
        "litigation.lost": ids([s for s in concl if s["outcome"] in LOSS_OUTCOMES]),
        "litigation.judgments": ids(
            [s for s in concl if s["kind"] == "judgment" and s["outcome"] not in ("withdrawn", "mediated")]
        ),
        "litigation.withdrawn": ids([s for s in concl if s["outcome"] == "withdrawn"]),
        "litigation.heard": ids([s for s in sel if sessions(s, lambda a, post: True)]),
        "litigation.head_appeared": ids(
            [s for s in sel if sessions(s, lambda a, post: a and post in QUALIFYING_POSTS)]
        ),
        "litigation.principal_head_appeared": ids(
            [s for s in sel if sessions(s, lambda a, post: a and post == "principal")]
        ),
        "litigation.accountability_opened": ids([s for s in sel if _within(s["acc"], p)]),
    }


@pytest.mark.parametrize("period", [Period.year(YEAR), Period.quarter(YEAR, 3), Period.month(2020, 2)])
def test_figures_match_fixture_and_rates_follow(county, period) -> None:  # type: ignore[no-untyped-def]
    figs = {k: f for k, f in collect(FigureQuery(period)).items() if k.startswith("litigation.")}
    exp = expected(county["specs"], period)
    for key, ids in exp.items():
        assert figs[key].value == len(ids), key
    n = {k: len(v) for k, v in exp.items()}
    assert figs["litigation.loss_rate"].value == rate(n["litigation.lost"], n["litigation.concluded"])
    assert figs["litigation.loss_rate_judgments"].value == rate(
        n["litigation.lost"], n["litigation.judgments"]
    )
    assert figs["litigation.head_appearance_rate"].value == rate(
        n["litigation.head_appeared"], n["litigation.heard"]
    )


def test_every_drilldown_lists_exactly_the_counted_cases(county, bureau) -> None:  # type: ignore[no-untyped-def]
    period = Period.year(YEAR)
    exp = expected(county["specs"], period)
    figs = collect(FigureQuery(period))
    c = client_for(bureau)
    for key, ids in exp.items():
        assert listed_ids(c, figs[key].drilldown) == ids, key


def test_scope_and_breakdown_by_defendant_unit(county, bureau) -> None:  # type: ignore[no-untyped-def]
    period = Period.year(YEAR)
    d02 = county["units"]["d02"]
    scoped = collect(FigureQuery(period, d02))
    exp = expected(county["specs"], period, unit="d02")
    c = client_for(bureau)
    for key, ids in exp.items():
        assert scoped[key].value == len(ids), key
        assert listed_ids(c, scoped[key].drilldown) == ids, key
    rows = stats.breakdown(FigureQuery(period), "litigation.concluded", "org")
    by_unit = {r.org_id: r for r in rows}
    for unit in ("d01", "d02"):
        ids = expected(county["specs"], period, unit=unit)["litigation.concluded"]
        org = county["units"][unit]
        if ids:
            assert by_unit[org.pk].value == len(ids)
            assert listed_ids(c, by_unit[org.pk].drilldown) == ids


def test_figures_take_few_queries(county, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(4):
        stats.figures(FigureQuery(Period.year(YEAR)))


def test_quarterly_head_appearance_ranks_units_per_case(units, bureau) -> None:  # type: ignore[no-untyped-def]
    """RULES §3: 出庭应诉率 per case — two sessions of one case with the head count once."""
    q = Period.quarter(YEAR, 2)
    plan = {"d01": [True, True, False], "d02": [True, False, False, False]}
    for unit, appearances in plan.items():
        for i, appeared in enumerate(appearances):
            case = new_case(
                bureau,
                units[unit],
                units["court"],
                date(2019, 3, 1),
                number=f"(2019)浙0381行初{unit[1:]}{i}号",
            )
            run(
                WORKFLOW,
                "record_answer",
                case,
                actor=bureau,
                data={"date": date(2019, 3, 5)},
                version=TRUSTED,
            )
            for held in (date(2019, 4, 10), date(2019, 5, 10)):
                run(
                    WORKFLOW,
                    "add_session",
                    case,
                    actor=bureau,
                    data={
                        "date": held,
                        "head_appeared": appeared,
                        "head_name": "甲" if appeared else "",
                        "head_post": "deputy" if appeared else "",
                        "absence_reason": "" if appeared else "出差",
                    },
                    version=TRUSTED,
                )
    result = stats.quarterly_head_appearance(q)
    rates = {unit: rate(sum(a), len(a)) for unit, a in plan.items()}
    order = sorted(plan, key=lambda u: -rates[u])
    assert [r.org_id for r in result.rows] == [units[u].pk for u in order]
    assert [r.rank for r in result.rows] == [1, 2]
    assert {r.org_id: r.rate for r in result.rows} == {units[u].pk: rates[u] for u in plan}
    assert result.heard == sum(len(a) for a in plan.values())
    assert result.rate == rate(sum(sum(a) for a in plan.values()), result.heard)
    assert stats.quarterly_head_appearance(Period.quarter(YEAR, 3)).rows == []


def test_monthly_bulletin(units, bureau) -> None:  # type: ignore[no-untyped-def]
    month = Period.month(2019, 7)
    on_time = new_case(bureau, units["d01"], units["court"], date(2019, 7, 1), number="(2019)浙0381行初801号")
    run(WORKFLOW, "record_answer", on_time, actor=bureau, data={"date": date(2019, 7, 10)}, version=TRUSTED)
    late = new_case(bureau, units["d02"], units["court"], date(2019, 7, 2), number="(2019)浙0381行初802号")
    run(WORKFLOW, "record_answer", late, actor=bureau, data={"date": date(2019, 7, 25)}, version=TRUSTED)
    lost = new_case(bureau, units["d01"], units["court"], date(2019, 3, 1), number="(2019)浙0381行初803号")
    run(
        WORKFLOW,
        "judge",
        lost,
        actor=bureau,
        data={"date": date(2019, 7, 15), "outcome": Outcome.REVOKED},
        version=TRUSTED,
    )
    run(
        WORKFLOW,
        "appeal",
        lost,
        actor=bureau,
        data={"date": date(2019, 7, 20), "filed": False},
        version=TRUSTED,
    )
    b = stats.monthly_bulletin(month)
    assert (b.received, b.concluded, b.lost, b.overdue) == (2, 1, 1, 1)
    assert b.loss_rate == rate(1, 1)
    rows = {r.org_id: r for r in b.by_unit}
    assert rows[units["d02"].pk].overdue == 1 and rows[units["d01"].pk].lost == 1
    assert LitigationCase.objects.count() == 3
