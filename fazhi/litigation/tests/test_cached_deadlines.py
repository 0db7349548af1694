"""Litigation stores its answer and appeal due dates (core.parts.CachedDeadlines), as reconsideration does:
refreshed by every save through the services and by the calendar listener, filterable in SQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.core.actions import run
from fazhi.core.registry import registry
from fazhi.litigation import deadlines
from fazhi.litigation.actions import WORKFLOW
from fazhi.litigation.models import LitigationCase, Outcome

pytestmark = pytest.mark.django_db

TODAY = date(2019, 12, 31)


def test_create_stores_the_answer_due_date(make_case: Any) -> None:
    case = make_case(served_on=date(2019, 3, 1))
    case.refresh_from_db()
    assert case.answer_due == deadlines.answer_deadline(case, TODAY).due
    assert case.appeal_due is None  # nothing to appeal yet
    assert list(LitigationCase.objects.filter(answer_due=case.answer_due, answer_filed_on__isnull=True)) == [
        case
    ]


def test_judgment_service_stores_the_appeal_due_date_by_judgment_kind(make_case: Any, bureau: Any) -> None:
    judged = make_case(served_on=date(2019, 3, 1))
    run(
        WORKFLOW,
        "judge",
        judged,
        actor=bureau,
        data={"date": date(2019, 6, 3), "outcome": Outcome.CLAIM_REJECTED, "served_on": date(2019, 6, 5)},
        version=judged.version,
    )
    ruled = make_case(served_on=date(2019, 3, 1))
    run(
        WORKFLOW,
        "judge",
        ruled,
        actor=bureau,
        data={"date": date(2019, 6, 3), "outcome": Outcome.SUIT_DISMISSED, "served_on": date(2019, 6, 5)},
        version=ruled.version,
    )
    judged.refresh_from_db()
    ruled.refresh_from_db()
    assert judged.appeal_due == deadlines.appeal_deadline(judged, TODAY).due == date(2019, 6, 20)
    assert (
        ruled.appeal_due == deadlines.appeal_deadline(ruled, TODAY).due == date(2019, 6, 17)
    )  # 15th is a Saturday


def test_calendar_listener_recomputes_stale_stored_dates(make_case: Any) -> None:
    case = make_case(served_on=date(2019, 3, 1))
    right = LitigationCase.objects.get(pk=case.pk).answer_due
    version = LitigationCase.objects.get(pk=case.pk).version
    LitigationCase.objects.filter(pk=case.pk).update(answer_due=date(2019, 1, 1))
    assert deadlines.refresh_cached_deadlines in registry.calendar_listeners
    assert deadlines.refresh_cached_deadlines() == 1
    case.refresh_from_db()
    assert case.answer_due == right
    assert case.version == version  # a recomputation is not an edit


def test_list_rows_read_the_columns_and_agree_with_the_computed_deadlines(make_case: Any) -> None:
    """The list and API (``row_deadlines``, from ``answer_due``/``appeal_due``) show what ``answer_deadline``
    and ``appeal_deadline`` compute, in every state of the two periods, on several days."""
    from fazhi.workdays.deadlines import Memo

    states: list[dict[str, Any]] = [
        {},  # answer open
        {"answer_filed_on": date(2024, 3, 20)},  # answered late
        {"answer_filed_on": date(2024, 3, 5)},
        {"answer_filed_on": date(2024, 3, 5), "status": "judged", "judgment_kind": "judgment",
         "outcome": "revoked", "concluded_on": date(2024, 4, 1)},  # judgment not served yet
        {"answer_filed_on": date(2024, 3, 5), "status": "judged", "judgment_kind": "judgment",
         "outcome": "upheld", "concluded_on": date(2024, 4, 1), "judgment_served_on": date(2024, 4, 3)},
        {"answer_filed_on": date(2024, 3, 5), "status": "final", "judgment_kind": "ruling",
         "outcome": "upheld", "concluded_on": date(2024, 4, 1), "judgment_served_on": date(2024, 4, 3),
         "appeal_decided_on": date(2024, 4, 20)},  # appeal decided late
        {"answer_filed_on": date(2024, 3, 5), "status": "final", "judgment_kind": "judgment",
         "outcome": "withdrawn", "concluded_on": date(2024, 4, 1)},
    ]  # fmt: skip
    compared = 0
    for n, state in enumerate(states):
        case = make_case(served_on=date(2024, 3, 1), number=f"(2024)浙0381行初{900 + n}号")
        for name, value in state.items():
            setattr(case, name, value)
        for name, due in case.compute_deadlines().items():  # what the services store on every write
            setattr(case, name, due)
        for day in (date(2024, 3, 10), date(2024, 3, 16), date(2024, 4, 15), date(2024, 5, 30)):
            row = deadlines.row_deadlines(case, Memo(day))
            assert row == (deadlines.answer_deadline(case, day), deadlines.appeal_deadline(case, day)), (
                n,
                day,
            )
            overdue = any(d is not None and d.is_overdue for d in row)
            assert overdue == deadlines.is_overdue(case, day)
            compared += 1
    assert compared == len(states) * 4
