"""行政执法 in the 季度通报 (issue 13 item 10): the bodies ranked by 公示 on-time rate (RULES §6: 7 working
days for 处罚/许可, base the decisions that must be publicized), then by problems per decision, in one
grouped query, beside the litigation ranking; bodies below the threshold highlighted."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import override_settings

from fazhi.core.figures import Period, rate
from fazhi.enforcement import circular
from fazhi.enforcement.tests import factories as f
from fazhi.reports import bulletins

pytestmark = pytest.mark.django_db

Q2 = Period.quarter(2019, 2)


@pytest.fixture
def quarter(bureau: Any, units: dict[str, Any]) -> dict[str, Any]:
    """Q2 2019: body A publicizes both its 许可 on time; body B one of two (the other late); body C
    publicizes its 许可 on time but its two 检查 (not publicized) were made by an uncertified officer;
    body A's decision of July is outside the quarter."""
    a = f.body(bureau, units["d01"], "甲主体")
    b = f.body(bureau, units["d02"], "乙主体")
    c = f.body(bureau, units["d01"], "丙主体")
    bad = f.officer(bureau, units["d01"], 9)
    for i, day in enumerate((date(2019, 4, 1), date(2019, 5, 6))):
        f.publicize(bureau, f.action(bureau, a, f"甲许{i}", day, action_type="license"), day)
    f.publicize(
        bureau, f.action(bureau, b, "乙许1", date(2019, 4, 1), action_type="license"), date(2019, 4, 2)
    )
    f.publicize(
        bureau, f.action(bureau, b, "乙许2", date(2019, 4, 8), action_type="license"), date(2019, 6, 3)
    )
    f.publicize(
        bureau, f.action(bureau, c, "丙许1", date(2019, 4, 1), action_type="license"), date(2019, 4, 2)
    )
    for i in (1, 2):
        f.action(bureau, c, f"丙检{i}", date(2019, 6, 3), action_type="inspection", officers=[bad.pk])
    f.action(bureau, a, "甲许7", date(2019, 7, 1), action_type="license")
    return {"a": a, "b": b, "c": c}


def test_bodies_are_ranked_by_on_time_rate_then_problems_per_decision(
    quarter: dict[str, Any], units: dict[str, Any], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        rows = circular.ranking(Q2, units["gov"])
    got = [(r.rank, r.body_name, r.decisions, r.must_publicize, r.on_time, r.rate) for r in rows]
    assert got == [
        (1, "甲主体", 2, 2, 2, rate(2, 2)),
        (2, "丙主体", 3, 1, 1, rate(1, 1)),  # same rate as 甲, more problems per decision
        (3, "乙主体", 2, 2, 1, rate(1, 2)),
    ]
    assert rows[1].problems > 0 and rows[0].problems == 0
    assert f"body={quarter['b'].pk}" in rows[2].drilldown and "decided_from=2019-04-01" in rows[2].drilldown
    # a unit's scope: only its own bodies
    assert [r.body_name for r in circular.ranking(Q2, units["d02"])] == ["乙主体"]


def test_the_circular_carries_the_ranking_beside_litigation(
    quarter: dict[str, Any], units: dict[str, Any]
) -> None:
    b = bulletins.quarterly(2019, 2, units["gov"])
    (table,) = [t for t in b.tables if t.title == "行政执法公示情况排名"]
    assert [r.cells[1] for r in table.rows] == ["甲主体", "丙主体", "乙主体"]
    assert [r.highlight for r in table.rows] == [False, False, True]  # 50% < the default threshold
    assert table.total[3:6] == [7, 5, 4]
    text = "".join(r.text for p in b.paragraphs for r in p)
    assert f"低于{circular.DEFAULT_THRESHOLD * 100:.2f}%的执法主体：乙主体" in text
    with override_settings(FAZHI_ENFORCEMENT={"circular_threshold": 0.4}):
        (table,) = [
            t for t in bulletins.quarterly(2019, 2, units["gov"]).tables if t.title == "行政执法公示情况排名"
        ]
    assert not any(r.highlight for r in table.rows)


def test_a_quarter_without_decisions_adds_nothing(quarter: dict[str, Any], units: dict[str, Any]) -> None:
    assert circular.quarterly_section(Period.quarter(2019, 1), units["gov"]) is None
