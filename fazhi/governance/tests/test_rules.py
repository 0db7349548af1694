"""The rules of 法治建设综合: 顾而不问 window, overdue rectifications, indicator confirmation, and the
model rules every path meets (issue 14 items 1–5)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.actions import run
from fazhi.governance import actions, selectors, services, stats, workbench
from fazhi.governance.models import IndicatorValue, Rectification
from fazhi.reports.figures import FigureQuery
from fazhi.testing.clients import pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _adviser(bureau: Any, org: Any, **kw: Any) -> Any:
    data = {
        "org": org,
        "name": "某律师",
        "contract_from": date(2019, 1, 1),
        "contract_until": date(2020, 12, 31),
        **kw,
    }
    return services.create_adviser(actor=bureau, data=data)


def _consult(bureau: Any, adviser: Any, on: date) -> Any:
    return services.create_consultation(
        actor=bureau, data={"adviser": adviser, "date": on, "matter_kind": "contract"}
    )


def test_idle_window_is_the_six_months_before_the_day(bureau: Any, units: Any) -> None:
    """顾而不问 (seed report 二; issue 14 item 3): under contract on the day, no consultation in the
    6 months before it (the day included, the day 6 months earlier excluded)."""
    on = date(2019, 12, 31)
    at_start = _adviser(bureau, units["d01"], name="窗口起点")
    _consult(bureau, at_start, date(2019, 6, 30))  # the window is (6-30, 12-31]: outside
    inside = _adviser(bureau, units["d01"], name="窗口内")
    _consult(bureau, inside, date(2019, 7, 1))
    on_day = _adviser(bureau, units["d02"], name="当日")
    _consult(bureau, on_day, on)
    ended = _adviser(bureau, units["d02"], name="聘期已满", contract_until=date(2019, 12, 30))
    never = _adviser(bureau, units["d02"], name="从未咨询")
    idle = set(selectors.idle_advisers(bureau, on))
    assert idle == {at_start, never}
    assert ended not in idle
    figs = {f.key: f for f in stats.compute(FigureQuery.for_year(2019))}
    assert figs["governance.idle_advisers"].value == 2
    assert figs["governance.advisers"].value == 4


def test_idle_window_is_a_setting(bureau: Any, units: Any, settings: Any) -> None:
    settings.FAZHI_GOVERNANCE = {"idle_months": 3}
    a = _adviser(bureau, units["d01"])
    _consult(bureau, a, date(2019, 8, 1))
    assert list(selectors.idle_advisers(bureau, date(2019, 12, 31))) == [a]
    settings.FAZHI_GOVERNANCE = {"idle_months": 6}
    assert list(selectors.idle_advisers(bureau, date(2019, 12, 31))) == []


def test_consultation_outside_the_contract_is_refused(bureau: Any, units: Any) -> None:
    a = _adviser(bureau, units["d01"])
    with pytest.raises(ValidationError, match="聘期内"):
        _consult(bureau, a, date(2018, 12, 31))


def test_overdue_rectification_is_on_the_workbench_of_the_unit_and_the_office(
    bureau: Any, units: Any, clerk1: Any, clerk2: Any
) -> None:
    """整改 (issue 14 item 5): open after its due date = overdue, for the unit and the bureau, not others."""
    late = services.create_rectification(
        actor=bureau, data={"org": units["d01"], "title": "逾期整改", "due_on": date(2026, 10, 31)}
    )
    done = services.create_rectification(
        actor=bureau, data={"org": units["d01"], "title": "已完成", "due_on": date(2026, 10, 30)}
    )
    run(
        actions.WORKFLOW,
        "complete",
        done,
        actor=clerk1,
        data={"date": date(2026, 10, 20)},
        version=done.version,
    )
    today = date(2026, 11, 20)
    for user in (clerk1, bureau):
        items = workbench.items(user, today)
        assert [(i.title, i.status) for i in items] == [(f"{units['d01'].name}：逾期整改", "overdue")]
        assert items[0].url.endswith(f"/governance/rectifications/{late.pk}/")
    assert workbench.items(clerk2, today) == []


def test_rectification_figures_split_the_due_tasks_and_drill_down_to_them(
    bureau: Any, units: Any, client: Any
) -> None:
    """整改 figures (issue 14 item 8): of the tasks due in the year, on time + overdue = due, where overdue is
    still open or completed after the due date; each figure's drill-down lists exactly those tasks."""
    tasks = {}
    for title, due, completed in (
        ("按期", date(2019, 5, 31), date(2019, 5, 20)),
        ("逾期完成", date(2019, 6, 30), date(2019, 7, 2)),
        ("未完成", date(2019, 9, 30), None),
        ("次年到期", date(2020, 1, 31), None),
    ):
        r = services.create_rectification(
            actor=bureau, data={"org": units["d01"], "title": title, "due_on": due}
        )
        if completed:
            run(actions.WORKFLOW, "complete", r, actor=bureau, data={"date": completed}, version=r.version)
        tasks[title] = r
    figs = {f.key: f for f in stats.compute(FigureQuery.for_year(2019))}
    due, on_time = figs["governance.rectifications_due"], figs["governance.rectifications_on_time"]
    overdue = figs["governance.rectifications_overdue"]
    assert (due.value, on_time.value, overdue.value) == (3, 1, 2)
    client.force_login(bureau)
    for fig, titles in ((on_time, {"按期"}), (overdue, {"逾期完成", "未完成"})):
        html = client.get(fig.drilldown).content.decode()
        assert {t for t in tasks if f"/governance/rectifications/{tasks[t].pk}/" in html} == titles


def test_complete_records_the_date_and_cannot_run_twice(bureau: Any, units: Any) -> None:
    r = services.create_rectification(
        actor=bureau, data={"org": units["d01"], "title": "整改", "due_on": date(2019, 6, 30)}
    )
    run(
        actions.WORKFLOW,
        "complete",
        r,
        actor=bureau,
        data={"date": date(2019, 6, 1), "evidence": "已整改"},
        version=r.version,
    )
    r.refresh_from_db()
    assert (r.status, r.completed_on, r.evidence) == ("done", date(2019, 6, 1), "已整改")
    with pytest.raises(ValidationError, match="不能执行「整改完成」"):
        run(actions.WORKFLOW, "complete", r, actor=bureau, data={"date": date(2019, 6, 2)}, version=r.version)
    with pytest.raises(ValidationError):
        Rectification(org=units["d01"], title="x", due_on=date(2019, 1, 1), status="done").full_clean()


def test_only_the_bureau_confirms_and_only_confirmed_values_count(
    bureau: Any, units: Any, clerk1: Any
) -> None:
    """Indicator values (issue 14 item 4): entered by the owner unit, confirmed by the bureau; a list-type
    indicator's value is the count of its items."""
    v = services.create_value(
        actor=clerk1,
        data={
            "indicator": "business.commitment_items",
            "year": 2019,
            "items": ["甲", "乙", "丙"],
            "source": "审批局",
        },
    )
    assert (v.org, v.value, v.status) == (units["d01"], 3, "entered")
    figs = {f.key for f in stats.compute(FigureQuery.for_year(2019))}
    assert "business.commitment_items" not in figs
    with pytest.raises(PermissionDenied, match="司法局"):
        run(
            actions.VALUE_WORKFLOW,
            "confirm",
            v,
            actor=clerk1,
            data={"date": date(2020, 1, 5)},
            version=v.version,
        )
    run(
        actions.VALUE_WORKFLOW, "confirm", v, actor=bureau, data={"date": date(2020, 1, 5)}, version=v.version
    )
    v.refresh_from_db()
    assert (v.status, v.confirmed_by, v.confirmed_on) == ("confirmed", bureau, date(2020, 1, 5))
    fig = {f.key: f for f in stats.compute(FigureQuery.for_year(2019))}["business.commitment_items"]
    assert (fig.value, fig.unit, fig.measured) == (3, "项", True)
    assert "indicator=business.commitment_items" in fig.drilldown


def test_value_rules(bureau: Any, units: Any) -> None:
    with pytest.raises(ValidationError, match="清单型"):
        services.create_value(
            actor=bureau,
            data={"indicator": "business.startup_hours", "year": 2019, "items": ["x"], "source": "s"},
        )
    with pytest.raises(ValidationError, match="0至100"):
        services.create_value(
            actor=bureau,
            data={"indicator": "business.online_rate", "year": 2019, "value": 101, "source": "s"},
        )
    services.create_value(
        actor=bureau, data={"indicator": "business.online_rate", "year": 2019, "value": 100, "source": "s"}
    )
    with pytest.raises(ValidationError, match="已填报"):
        services.create_value(
            actor=bureau, data={"indicator": "business.online_rate", "year": 2019, "value": 99, "source": "s"}
        )
    assert IndicatorValue.objects.count() == 1


def test_duty_must_fall_in_the_term_and_the_holder_unit(bureau: Any, units: Any) -> None:
    h = services.create_holder(
        actor=bureau,
        data={
            "org": units["gov"],
            "post": "mayor",
            "title": "市长",
            "person": "李某",
            "term_from": date(2019, 1, 1),
        },
    )
    with pytest.raises(ValidationError, match="任职期"):
        services.create_duty(
            actor=bureau,
            data={"person_post": h, "date": date(2018, 5, 1), "kind": "meeting", "subject": "会议"},
        )
    d = services.create_duty(
        actor=bureau, data={"person_post": h, "date": date(2019, 5, 9), "kind": "meeting", "subject": "会议"}
    )
    assert d.org == units["gov"]


def test_clerk_cannot_record_for_another_unit(units: Any, clerk1: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.create_rectification(
            actor=clerk1, data={"org": units["d02"], "title": "x", "due_on": date(2019, 1, 1)}
        )


def test_exam_passed_cannot_exceed_takers(bureau: Any, units: Any) -> None:
    with pytest.raises(ValidationError, match="合格人数"):
        services.create_exam(
            actor=bureau,
            data={"org": units["sfj"], "title": "考试", "date": date(2019, 5, 1), "takers": 10, "passed": 11},
        )


def test_leader_is_read_only(units: Any, leader: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.create_training(
            actor=leader,
            data={"org": units["gov"], "title": "培训", "start_on": date(2019, 5, 1), "participants": 3},
        )
