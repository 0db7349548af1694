"""Deadlines of 行政应诉 (RULES §1 counting, RULES §3 periods), including holiday edge cases."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.actions import TRUSTED, run
from fazhi.litigation import deadlines
from fazhi.litigation.actions import WORKFLOW
from fazhi.litigation.models import JudgmentKind, Outcome
from fazhi.workdays import rules
from fazhi.workdays.deadlines import Status

pytestmark = pytest.mark.django_db


def test_rules_are_registered_with_legal_basis() -> None:
    """RULES §3: one table of rules with start event, length, unit and basis."""
    answer = rules.get("litigation.answer")
    assert (answer.length, answer.unit) == (15, "calendar") and "第六十七条" in answer.basis
    assert rules.get("litigation.appeal_judgment").length == 15
    assert rules.get("litigation.appeal_ruling").length == 10
    assert "第八十五条" in rules.get("litigation.appeal_ruling").basis
    assert rules.get("litigation.head_notice").length == 3
    assert "法释〔2020〕3号" in rules.get("litigation.head_notice").basis


def test_answer_period_ending_in_national_day_2024_rolls_to_next_working_day(make_case) -> None:
    """RULES §3, 行政诉讼法 Art 67 (15 calendar days) + RULES §1: served 2024-09-20, day 15 is
    2024-10-05 inside 国庆 (10-01..10-07), so the period ends on Tuesday 2024-10-08."""
    case = make_case(served_on=date(2024, 9, 20))
    d = deadlines.answer_deadline(case, today=date(2024, 9, 21))
    assert d.due == date(2024, 10, 8)
    assert d.status == Status.OK


def test_answer_period_day_after_start_is_day_one(make_case) -> None:
    """RULES §1 (民事诉讼法 Art 85): the day of service is not counted; a weekday end stays put."""
    case = make_case(served_on=date(2019, 7, 1))
    assert deadlines.answer_deadline(case, today=date(2019, 7, 2)).due == date(2019, 7, 16)


def test_answer_period_ending_on_sunday_rolls_to_monday(make_case) -> None:
    """RULES §1 calendar-day rule: 2019-06-29 + 15 = Sunday 2019-07-14 → Monday 2019-07-15."""
    case = make_case(served_on=date(2019, 6, 29))
    assert deadlines.answer_deadline(case, today=date(2019, 7, 1)).due == date(2019, 7, 15)


# The served date must not lie in the future (core.dates range check): pin the clock after it.
@time_machine.travel(datetime(2026, 12, 26, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_answer_period_in_year_without_calendar_is_calendar_missing(make_case) -> None:
    """RULES §1: a deadline in a year without holiday data is not guessed — "日历缺失"."""
    case = make_case(served_on=date(2026, 12, 25))
    d = deadlines.answer_deadline(case, today=date(2026, 12, 26))
    assert d.status == Status.CALENDAR_MISSING and d.status_label == "日历缺失"
    assert deadlines.due_or_missing(d) == "日历缺失"


def test_answer_deadline_status_due_soon_overdue_and_done(make_case, bureau) -> None:
    case = make_case(served_on=date(2019, 7, 1))
    due = date(2019, 7, 16)
    assert deadlines.answer_deadline(case, today=due - timedelta(days=1)).status == Status.DUE_SOON
    assert deadlines.answer_deadline(case, today=due + timedelta(days=1)).status == Status.OVERDUE
    assert deadlines.is_overdue(case, due + timedelta(days=1))
    run(WORKFLOW, "record_answer", case, actor=bureau, data={"date": due}, version=TRUSTED)
    case.refresh_from_db()
    d = deadlines.answer_deadline(case, today=due + timedelta(days=30))
    assert d.status == Status.DONE and not d.is_overdue


def test_late_answer_counts_as_overdue(make_case, bureau) -> None:
    case = make_case(served_on=date(2019, 7, 1))
    run(WORKFLOW, "record_answer", case, actor=bureau, data={"date": date(2019, 7, 17)}, version=TRUSTED)
    case.refresh_from_db()
    assert deadlines.is_overdue(case, date(2019, 8, 1))


@pytest.mark.parametrize(
    ("kind", "served", "expected"),
    [
        # RULES §3, 行政诉讼法 Art 85: judgment 15 days; 2024-09-22 + 15 = 10-07 (国庆) → 10-08
        (JudgmentKind.JUDGMENT, date(2024, 9, 22), date(2024, 10, 8)),
        # ruling 10 days; 2024-09-25 + 10 = 10-05 (国庆) → 10-08
        (JudgmentKind.RULING, date(2024, 9, 25), date(2024, 10, 8)),
        # ruling 10 days ending on a plain weekday
        (JudgmentKind.RULING, date(2019, 7, 1), date(2019, 7, 11)),
    ],
)
def test_appeal_window_runs_from_service_of_the_document(make_case, bureau, kind, served, expected) -> None:
    case = make_case(served_on=date(2019, 1, 2))
    run(
        WORKFLOW,
        "judge",
        case,
        actor=bureau,
        data={
            "date": served - timedelta(days=3),
            "outcome": Outcome.SUIT_DISMISSED if kind == JudgmentKind.RULING else Outcome.REVOKED,
            "kind": kind,
            "served_on": served,
        },
        version=TRUSTED,
    )
    case.refresh_from_db()
    d = deadlines.appeal_deadline(case, today=served)
    assert d.due == expected and d.rule.code == f"litigation.appeal_{kind}"


def test_no_appeal_window_after_withdrawal(make_case, bureau) -> None:
    case = make_case(served_on=date(2019, 1, 2))
    run(
        WORKFLOW,
        "judge",
        case,
        actor=bureau,
        data={"date": date(2019, 2, 1), "outcome": Outcome.WITHDRAWN, "kind": JudgmentKind.RULING},
        version=TRUSTED,
    )
    case.refresh_from_db()
    assert deadlines.appeal_deadline(case, today=date(2019, 2, 2)) is None


def test_head_notice_must_arrive_three_days_before_session(make_case, bureau) -> None:
    """RULES §3, 法释〔2020〕3号 Art 5: at least 3 days before the session."""
    case = make_case(served_on=date(2019, 1, 2))
    run(WORKFLOW, "record_answer", case, actor=bureau, data={"date": date(2019, 1, 10)}, version=TRUSTED)
    ok = run(
        WORKFLOW,
        "add_session",
        case,
        actor=bureau,
        data={
            "date": date(2019, 3, 10),
            "head_appeared": False,
            "absence_reason": "公务出差",
            "notice_received_on": date(2019, 3, 7),
        },
        version=TRUSTED,
    )
    short = run(
        WORKFLOW,
        "add_session",
        case,
        actor=bureau,
        data={
            "date": date(2019, 3, 20),
            "head_appeared": False,
            "absence_reason": "公务出差",
            "notice_received_on": date(2019, 3, 18),
        },
        version=TRUSTED,
    )
    assert deadlines.head_notice_latest(date(2019, 3, 10)) == date(2019, 3, 7)
    assert not ok.notice_short and short.notice_short
