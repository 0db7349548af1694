"""Workbench (即将到期/已超期) items for the people who must act."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fazhi.core.actions import TRUSTED, run
from fazhi.core.dates import today
from fazhi.reconsideration import deadlines, workbench
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.testing.clock import PINNED_NOW
from fazhi.workdays import calendar


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine) -> None:  # type: ignore[no-untyped-def]
    """These tests count from today: run them on a fixed day (fazhi.testing.clock)."""
    time_machine.move_to(PINNED_NOW, tick=False)


def test_bureau_sees_overdue_decisions_and_pending_acceptance(receive, bureau, clerk):  # type: ignore[no-untyped-def]
    late = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    fresh = receive(deadlines.subtract_working_days(today(), 3))  # review period ends in 2 working days
    items = workbench.items(bureau, today())
    titles = {i.title.split()[0]: i for i in items if "发送申请书副本" not in i.title}
    assert titles[late.number].status == "overdue" and "第六十二条" in titles[late.number].basis
    # due_soon — or 日历缺失 when run in the last days of the last calendar year entered
    assert titles[fresh.number].status == deadlines.acceptance_deadline(fresh, today()).status
    assert (
        titles[fresh.number].status in ("due_soon", "calendar_missing")
        and "第三十条" in titles[fresh.number].basis
    )
    assert receive(today()).number not in {i.title.split()[0] for i in workbench.items(bureau, today())}
    assert workbench.items(clerk, today()) == []


def test_clerk_sees_answer_due(receive, bureau, clerk, other_clerk):  # type: ignore[no-untyped-def]
    day = calendar.next_working_day_on_or_after(today() - timedelta(days=20))
    case = run(WORKFLOW, "accept", receive(day), actor=bureau, data={"date": day}, version=TRUSTED)
    run(WORKFLOW, "send_copy", case, actor=bureau, data={"date": day}, version=TRUSTED)
    run(
        WORKFLOW, "serve_copy", case, actor=bureau, data={"date": day}, version=TRUSTED
    )  # RULES §2, Art 48: counted from receipt of the copy
    items = [i for i in workbench.items(clerk, today()) if i.kind == "deadline"]
    assert [i.title.split()[0] for i in items] == [case.number]
    assert [i.title for i in workbench.items(clerk, today()) if i.kind == "todo"] == [
        "待提交答复的复议案件（1件）"
    ]
    assert items[0].status in ("overdue", "calendar_missing") and "第四十八条" in items[0].basis
    assert workbench.items(other_clerk, today()) == []


def test_workbench_page_lists_items(receive, bureau, client):  # type: ignore[no-untyped-def]
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    client.force_login(bureau)
    html = client.get("/").content.decode()
    assert case.number in html and "已超期" in html


def test_bureau_sees_copy_due(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 48: the copy goes to the respondent within 7 working days of acceptance."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    titles = [i.title for i in workbench.items(bureau, today()) if i.title.startswith(case.number)]
    assert any("发送申请书副本" in t for t in titles) and any("作出复议决定" in t for t in titles)
    run(WORKFLOW, "send_copy", case, actor=bureau, data={"date": date(2024, 3, 5)}, version=TRUSTED)
    titles = [i.title for i in workbench.items(bureau, today()) if i.title.startswith(case.number)]
    assert not any("发送申请书副本" in t for t in titles)


def test_todo_lines_link_to_the_list(receive, bureau, client):  # type: ignore[no-untyped-def]
    cases = [receive(date(2024, 3, d)) for d in (1, 4)]
    todo = [i for i in workbench.items(bureau, today()) if i.kind == "todo"]
    assert len(todo) == 1 and f"（{len(cases)}件）" in todo[0].title
    client.force_login(bureau)
    html = client.get(todo[0].url).content.decode()
    assert all(f'data-case="{c.number}"' in html for c in cases)


def test_bureau_sees_hearings_within_the_notice_period(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 51: notice at least 5 working days before; the hearing shows up in that window."""
    day = calendar.next_working_day_on_or_after(today() - timedelta(days=20))
    case = run(WORKFLOW, "accept", receive(day), actor=bureau, data={"date": day}, version=TRUSTED)
    soon = calendar.add_working_days(today(), 5)
    notified = deadlines.subtract_working_days(soon, 5)  # the latest notice day of Art 51 "五日前"
    run(
        WORKFLOW,
        "add_hearing",
        case,
        actor=bureau,
        data={"held_on": soon, "notified_on": notified, "place": "第一听证室"},
        version=TRUSTED,
    )
    later = run(WORKFLOW, "accept", receive(day), actor=bureau, data={"date": day}, version=TRUSTED)
    run(
        WORKFLOW,
        "add_hearing",
        later,
        actor=bureau,
        data={"held_on": calendar.add_working_days(today(), 12), "notified_on": notified},
        version=TRUSTED,
    )
    hearings = [i for i in workbench.items(bureau, today()) if "举行听证" in i.title]
    assert [(i.title.split()[0], i.due) for i in hearings] == [(case.number, soon)]
    assert "第一听证室" in hearings[0].title and "第五十一条" in hearings[0].basis
