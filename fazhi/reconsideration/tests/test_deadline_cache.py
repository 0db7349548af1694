"""The API list reads the cached deadline columns (issue 11 item 2): for a set of cases across every status
the list shows the same due dates and statuses as ``deadlines.case_deadlines`` computes from the stored
dates and periods (RULES §2: 受理审查 Art 30, 补正 Art 31, 答复 Art 48, 中止 Art 39, 延期 Art 62), today and
as time passes, and the list's query count does not grow with the rows (suspended ones included)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from fazhi.core.actions import TRUSTED, run
from fazhi.core.dates import today as local_today
from fazhi.reconsideration import deadlines, rules
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.models import Procedure, ReconsiderationCase, Status
from fazhi.testing.clients import pinned_clock  # noqa: F401  (fixture)
from fazhi.testing.clock import PINNED_NOW
from fazhi.workdays.deadlines import api_due

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

BASE = "/api/v1/reconsideration/cases/"
D = date(2026, 11, 20)  # PINNED_NOW's day


def _days(n: int) -> date:
    return D - timedelta(days=n)


@pytest.fixture
def cases(receive: Any, bureau: Any) -> list[ReconsiderationCase]:
    """One case per shape of the deadlines: pending, deemed, correction, declined, transferred, accepted
    with the copy unserved / served / answered, suspended (open), resumed and extended, concluded late,
    simplified."""

    def step(case: ReconsiderationCase, name: str, **data: Any) -> ReconsiderationCase:
        return run(WORKFLOW, name, case, actor=bureau, data=data, version=TRUSTED)

    out = [receive(_days(2)), receive(_days(50))]  # pending review; review period over → 视为受理
    c = step(receive(_days(20)), "request_correction", date=_days(18), items="补充身份证明")
    out.append(c)  # 补正中
    c = step(receive(_days(40)), "request_correction", date=_days(39), items="补充材料")
    c = step(c, "serve_correction", date=_days(37))
    c = step(c, "record_correction", date=_days(30))
    out.append(step(c, "accept", date=_days(28)))  # accepted after a correction restarted the review
    out.append(step(receive(_days(9)), "decline", date=_days(8), reason="不属于复议范围"))
    out.append(step(receive(_days(9)), "transfer", date=_days(7), transfer_to="市人民政府"))
    c = step(receive(_days(15)), "accept", date=_days(14))
    out.append(step(c, "send_copy", date=_days(12)))  # 副本未送达: 答复 待送达
    c = step(step(receive(_days(25)), "accept", date=_days(24)), "send_copy", date=_days(23))
    out.append(step(c, "serve_copy", date=_days(21)))  # 答复 running
    c = step(step(receive(_days(70)), "accept", date=_days(69)), "send_copy", date=_days(68))
    c = step(step(c, "serve_copy", date=_days(66)), "record_answer", date=_days(60))
    out.append(step(c, "suspend", date=_days(40), reason="等待另案结果"))  # open suspension
    c = step(step(receive(_days(80)), "accept", date=_days(79)), "suspend", date=_days(60), reason="鉴定")
    c = step(c, "resume", date=_days(45))
    out.append(step(c, "extend", date=_days(20), days=30, reason="案情复杂"))  # resumed, extended
    c = step(receive(_days(200)), "accept", date=_days(199))
    out.append(step(c, "conclude", date=_days(100), outcome="upheld"))  # decided after the 60 days
    out.append(step(receive(_days(101)), "accept", date=_days(100)))  # undecided past the 60 days
    c = step(receive(_days(6), procedure=Procedure.SIMPLIFIED), "accept", date=_days(5))
    out.append(step(c, "send_copy", date=_days(4)))  # 简易程序: 30 days, 3-day copy, 5-day answer
    return out


def _expected(case: ReconsiderationCase, today: date) -> dict[str, Any]:
    """The API's deadline fields as computed from every stored date and period (``case_deadlines``)."""
    fresh = ReconsiderationCase.objects.prefetch_related("corrections", "suspensions", "hearings").get(
        pk=case.pk
    )
    every = deadlines.case_deadlines(fresh, today)

    def first(*codes: str) -> Any:
        return next((d for d in every if d.rule.code in codes), None)

    acceptance = first(rules.ACCEPTANCE.code)
    decision = first(rules.DECISION.code, rules.DECISION_SIMPLIFIED.code)
    answer = first(rules.ANSWER.code, rules.ANSWER_SIMPLIFIED.code)
    return {
        "acceptance_due": api_due(acceptance),
        "acceptance_status": acceptance.status if acceptance else None,
        "decision_due": api_due(decision),
        "decision_status": decision.status if decision else None,
        "answer_due": api_due(answer),
        "answer_status": answer.status if answer else None,
        "is_overdue": any(d is not None and d.is_overdue for d in (acceptance, decision)),
    }


KEYS = (
    "acceptance_due",
    "acceptance_status",
    "decision_due",
    "decision_status",
    "answer_due",
    "answer_status",
    "is_overdue",
)


def test_every_status_is_covered(cases: list[ReconsiderationCase]) -> None:
    statuses = {c.status for c in cases}
    assert statuses >= {
        Status.RECEIVED,
        Status.CORRECTION,
        Status.ACCEPTED,
        Status.DECLINED,
        Status.TRANSFERRED,
        Status.SUSPENDED,
        Status.CONCLUDED,
    }
    today = local_today()
    shown = {k: {_expected(c, today)[k] for c in cases} for k in KEYS}
    # the set reaches every status a row can show: ok/due soon, overdue, done, 中止中, 待送达
    assert {"done", "overdue", "suspended"} <= shown["decision_status"]
    assert "awaiting_service" in shown["answer_status"] and True in shown["is_overdue"]


@pytest.mark.parametrize("later", [0, 1, 30, 120])
def test_list_values_equal_the_computed_deadlines(
    cases: list[ReconsiderationCase], bureau: Any, later: int
) -> None:
    """RULES §2: the list's due dates and statuses are exactly the computed ones, also days later (an open
    suspension's deadline moves, a pending review becomes 视为受理, a running period becomes overdue)."""
    api = APIClient()
    api.force_authenticate(bureau)
    with time_machine.travel(PINNED_NOW + timedelta(days=later), tick=False):
        today = local_today()
        listed = api.get(BASE, {"page_size": 100}).json()["results"]
        by_id = {r["id"]: r for r in listed}
        assert set(by_id) == {c.pk for c in cases}
        for case in cases:
            expected = _expected(case, today)
            assert {k: by_id[case.pk][k] for k in KEYS} == expected, (case.status, later)


def test_row_deadlines_match_case_deadlines_without_prefetch(cases: list[ReconsiderationCase]) -> None:
    """The helper itself on cases read plainly: the same due date, status and completion day."""
    memo = deadlines.Memo(local_today())
    codes = {
        "acceptance": (rules.ACCEPTANCE.code,),
        "decision": (rules.DECISION.code, rules.DECISION_SIMPLIFIED.code),
        "answer": (rules.ANSWER.code, rules.ANSWER_SIMPLIFIED.code),
    }
    for case in ReconsiderationCase.objects.filter(pk__in=[c.pk for c in cases]):
        rows = deadlines.row_deadlines(case, memo)
        every = deadlines.case_deadlines(case, memo.today)
        for key, wanted in codes.items():
            d = next((d for d in every if d.rule.code in wanted), None)
            got = rows[key]
            assert (got and (got.rule, got.due, got.status, got.done_on)) == (
                d and (d.rule, d.due, d.status, d.done_on)
            ), (case.status, key)


def test_list_queries_do_not_grow_with_suspended_rows(
    cases: list[ReconsiderationCase], bureau: Any, receive: Any
) -> None:
    api = APIClient()
    api.force_authenticate(bureau)
    api.get(BASE)  # warm: session, calendar
    with CaptureQueriesContext(connection) as before:
        assert api.get(BASE, {"page_size": 100}).status_code == 200
    for n in range(5):
        c = run(
            WORKFLOW,
            "accept",
            receive(_days(40 + n)),
            actor=bureau,
            data={"date": _days(39 + n)},
            version=TRUSTED,
        )
        run(WORKFLOW, "suspend", c, actor=bureau, data={"date": _days(30), "reason": "等待"}, version=TRUSTED)
    with CaptureQueriesContext(connection) as after:
        assert len(api.get(BASE, {"page_size": 100}).json()["results"]) == len(cases) + 5
    assert len(after) == len(before)
