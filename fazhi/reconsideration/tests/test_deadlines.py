"""Deadlines of RULES.md §2 (行政复议法 2023), with the holiday edge cases of RULES.md §1."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fazhi.core.actions import TRUSTED, run
from fazhi.orgs.models import Role
from fazhi.reconsideration import deadlines, rules
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.models import Procedure, ReconsiderationCase
from fazhi.workdays import calendar
from fazhi.workdays.deadlines import Status
from fazhi.workdays.models import CalendarYear, SpecialDay

TODAY = date(2024, 12, 31)


def _rule(case, code):  # type: ignore[no-untyped-def]
    return next(d for d in deadlines.case_deadlines(case, TODAY) if d.rule.code == code)


def test_acceptance_review_before_national_day_2024(receive):  # type: ignore[no-untyped-def]
    """RULES §2, Art 30 + Art 88: 5 *working* days. Received Fri 27 Sep 2024: Sun 29 Sep is a 调休 working
    day, 1–7 Oct are holidays, so the five days are 29 Sep, 30 Sep, 8, 9, 10 Oct."""
    case = receive(date(2024, 9, 27))
    assert calendar.is_working_day(date(2024, 9, 29))  # the make-up Sunday counts (RULES §1)
    assert case.acceptance_due == date(2024, 10, 10)
    assert rules.ACCEPTANCE.describe().startswith("自收到申请之日")


def test_decision_deadline_ending_on_a_holiday_rolls_forward(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 62: 60 *calendar* days; RULES §1: a last day on a holiday moves to the next working day.
    Accepted 2 Aug 2024 + 60 days = 1 Oct 2024 (国庆) → 8 Oct 2024."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 7, 31)),
        actor=bureau,
        data={"date": date(2024, 8, 2)},
        version=TRUSTED,
    )
    assert date(2024, 8, 2) + timedelta(days=60) == date(2024, 10, 1)
    assert not calendar.is_working_day(date(2024, 10, 1))
    assert case.decision_due == date(2024, 10, 8)
    assert _rule(case, rules.DECISION.code).due == date(2024, 10, 8)


def test_simplified_procedure_is_30_days(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 62: simplified procedure, 30 calendar days from acceptance."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4), "procedure": Procedure.SIMPLIFIED},
        version=TRUSTED,
    )
    assert case.decision_due == calendar.calendar_deadline(date(2024, 3, 4), 30)
    assert _rule(case, rules.DECISION_SIMPLIFIED.code).rule.basis.startswith("《行政复议法》第六十二条")


def test_suspension_moves_the_decision_deadline(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 39: decision_due = calendar_deadline(accepted_on, 60 + extension + suspended days)."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 2, 28)),
        actor=bureau,
        data={"date": date(2024, 3, 1)},
        version=TRUSTED,
    )
    before = case.decision_due
    case = run(
        WORKFLOW,
        "suspend",
        case,
        actor=bureau,
        data={"date": date(2024, 3, 10), "reason": "申请人丧失参加复议的能力"},
        version=TRUSTED,
    )
    case = run(WORKFLOW, "resume", case, actor=bureau, data={"date": date(2024, 3, 20)}, version=TRUSTED)
    assert case.decision_due == calendar.calendar_deadline(date(2024, 3, 1), 60 + 10)
    assert case.decision_due > before
    assert "中止10日不计入" in _rule(case, rules.DECISION.code).note


def test_open_suspension_counts_to_today_and_shows_suspended(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2: an open suspension counts up to the day of computation; the deadline shows 中止中."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 2, 28)),
        actor=bureau,
        data={"date": date(2024, 3, 1)},
        version=TRUSTED,
    )
    run(
        WORKFLOW,
        "suspend",
        case,
        actor=bureau,
        data={"date": date(2024, 3, 10), "reason": "等待另案结果"},
        version=TRUSTED,
    )
    case.refresh_from_db()
    d = _rule(case, rules.DECISION.code)
    assert d.status == Status.SUSPENDED and d.status_label == "中止中"
    assert d.due == calendar.calendar_deadline(date(2024, 3, 1), 60 + (TODAY - date(2024, 3, 10)).days)


def test_extension_adds_at_most_30_days(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 62: one extension of at most 30 days."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 2, 28)),
        actor=bureau,
        data={"date": date(2024, 3, 1)},
        version=TRUSTED,
    )
    case = run(
        WORKFLOW,
        "extend",
        case,
        actor=bureau,
        data={"date": date(2024, 4, 20), "days": 30, "reason": "案情复杂"},
        version=TRUSTED,
    )
    assert case.decision_due == calendar.calendar_deadline(date(2024, 3, 1), 90)


def test_copy_and_answer_deadlines(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 48: copy within 7 working days of acceptance; answer within 10 working days of the
    respondent *receiving* the copy (待送达 until the service date is recorded)."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 4, 1)),
        actor=bureau,
        data={"date": date(2024, 4, 2)},
        version=TRUSTED,
    )
    case = run(WORKFLOW, "send_copy", case, actor=bureau, data={"date": date(2024, 4, 3)}, version=TRUSTED)
    assert _rule(case, rules.COPY.code).due == calendar.add_working_days(date(2024, 4, 2), 7)
    assert _rule(case, rules.ANSWER.code).status == Status.AWAITING_SERVICE
    case = run(WORKFLOW, "serve_copy", case, actor=bureau, data={"date": date(2024, 4, 8)}, version=TRUSTED)
    assert _rule(case, rules.ANSWER.code).due == calendar.add_working_days(date(2024, 4, 8), 10)
    assert _rule(case, rules.ANSWER.code).status == Status.OVERDUE


def test_hearing_notice_at_least_five_working_days_before(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 51 "五日前": at least 5 working days lie strictly between notice and hearing day."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 4, 1)),
        actor=bureau,
        data={"date": date(2024, 4, 2)},
        version=TRUSTED,
    )
    run(
        WORKFLOW,
        "add_hearing",
        case,
        actor=bureau,
        data={"notified_on": date(2024, 4, 9), "held_on": date(2024, 4, 17)},
        version=TRUSTED,
    )
    case.refresh_from_db()
    d = _rule(case, rules.HEARING_NOTICE.code)
    # strictly between the latest notice day and the hearing day: 10, 11, 12, 15, 16 April
    assert d.due == date(2024, 4, 9)
    assert calendar.working_days_between(d.due, date(2024, 4, 17) - timedelta(days=1)) == 5
    assert d.status == Status.DONE


def test_correction_restarts_the_review_period(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 31: the review period restarts on the corrected application."""
    case = receive(date(2024, 4, 1))
    case = run(
        WORKFLOW,
        "request_correction",
        case,
        actor=bureau,
        data={"date": date(2024, 4, 2), "items": "补充身份证明"},
        version=TRUSTED,
    )
    case = run(
        WORKFLOW, "record_correction", case, actor=bureau, data={"date": date(2024, 4, 15)}, version=TRUSTED
    )
    assert case.acceptance_due == calendar.add_working_days(date(2024, 4, 15), 5)


def test_missing_calendar_year_is_flagged_not_guessed(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §1: a deadline in a year without calendar data is "日历缺失", never guessed from weekdays."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 11, 20)),
        actor=bureau,
        data={"date": date(2024, 11, 22)},
        version=TRUSTED,
    )
    CalendarYear.objects.filter(year=2025).delete()
    calendar.invalidate()
    try:
        d = _rule(case, rules.DECISION.code)
        assert d.status == Status.CALENDAR_MISSING and d.status_label == "日历缺失" and d.due is None
    finally:
        calendar.invalidate()


@pytest.mark.parametrize("rule", rules.ALL)
def test_every_rule_names_its_article(rule):  # type: ignore[no-untyped-def]
    assert "《行政复议法》" in rule.basis and rule.unit in ("working", "calendar")


def test_entering_a_missing_year_fills_the_stored_deadlines(
    receive, bureau, client, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    """RULES §1: once the sysadmin enters the missing year (the State Council notice, 国办发明电〔2024〕12号,
    pasted on the 工作日历 page and confirmed), 日历缺失 turns into the real decision deadline."""
    from pathlib import Path

    from fazhi.testing.factories import make_user

    CalendarYear.objects.filter(year=2025).delete()
    SpecialDay.objects.filter(date__year=2025).delete()
    calendar.invalidate()
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 11, 20)),
        actor=bureau,
        data={"date": date(2024, 11, 22)},
        version=TRUSTED,
    )
    assert ReconsiderationCase.objects.get(pk=case.pk).decision_due is None  # 日历缺失
    text = (Path(__file__).parents[2] / "workdays/tests/notices/2025.txt").read_text(encoding="utf-8")
    client.force_login(make_user(Role.SYSADMIN, username="sys", is_staff=True))
    html = client.post("/workdays/enter/", {"text": text}).content.decode()
    marker = 'name="payload" value="'
    payload = html[html.index(marker) + len(marker) :].split('"', 1)[0]
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/workdays/enter/confirm/", {"payload": payload})
    assert resp.status_code == 302
    # 2024-11-22 + 60 days = 2025-01-21 (a working day), Art 62.
    assert ReconsiderationCase.objects.get(pk=case.pk).decision_due == date(2025, 1, 21)
