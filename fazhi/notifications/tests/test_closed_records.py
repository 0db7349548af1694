"""Closed records never produce reminders (issue 15 item 9), over every workbench provider — the single
source of 我的待办/即将到期 and of ``notify_deadlines`` (``deadline_reminders``).

Each scenario makes an open record whose dates put it on the workbench, checks that some provider lists
it and that the daily job reminds of it on a threshold day, then closes it the way the law closes it
(voided, concluded, performance reported) and checks that the workbench of every user is exactly what it
was without the record (from every provider at once) and that the job writes no reminder of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from fazhi.casefiles import performance, services
from fazhi.casefiles.registry import for_label
from fazhi.core.actions import TRUSTED, run
from fazhi.core.registry import registry
from fazhi.core.views import workbench_items
from fazhi.notifications.models import Notification
from fazhi.notifications.services import deadline_reminders, reminder_threshold, thresholds
from fazhi.testing.clients import pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


@dataclass
class Scenario:
    """``open(fx) -> (record, detail url prefix)``; ``close(fx, record)`` closes it."""

    open: Callable[[Any], tuple[Any, str]]
    close: Callable[[Any, Any], None]
    providers: tuple[str, ...]  # the providers (``module.function``) that list the open record


def _recon_run(fx: Any, case: Any, name: str, **data: Any) -> Any:
    from fazhi.reconsideration.actions import WORKFLOW

    return run(WORKFLOW, name, case, actor=fx.bureau, data=data, version=TRUSTED)


def _recon_received(fx: Any) -> tuple[Any, str]:
    case = fx.receive(date(2026, 11, 18))
    return case, f"/reconsideration/{case.pk}/"


def _recon_accepted(fx: Any) -> tuple[Any, str]:
    case = fx.receive(date(2026, 9, 10))
    case = _recon_run(fx, case, "accept", date=date(2026, 9, 11))  # decision due in November
    return case, f"/reconsideration/{case.pk}/"


def _conclude(fx: Any, case: Any) -> None:
    case.refresh_from_db()
    _recon_run(fx, case, "conclude", date=date(2026, 11, 20), outcome="upheld")


def _litigation_served(fx: Any) -> tuple[Any, str]:
    case = fx.make_case(date(2026, 11, 6), defendant="d01")  # 答辩 due 15 days after service
    return case, f"/litigation/{case.pk}/"


def _litigation_void(fx: Any, case: Any) -> None:
    from fazhi.litigation.actions import WORKFLOW

    case.refresh_from_db()
    run(WORKFLOW, "void", case, actor=fx.bureau, data={"reason": "重复登记"}, version=TRUSTED)


def _answer_notice_served(fx: Any) -> tuple[Any, str]:
    case, _ = _recon_accepted(fx)
    cf = for_label("reconsideration")
    doc = services.generate(cf, case, "answer_notice", actor=fx.bureau, data={"issued_on": date(2026, 9, 12)})
    services.serve(cf, case, doc, actor=fx.bureau, data={"method": "direct", "served_on": date(2026, 9, 14)})
    return case, f"/reconsideration/casefile/{case.pk}/respond/"


def _supervised(fx: Any) -> tuple[Any, str]:
    case, _ = _recon_accepted(fx)
    _recon_run(fx, case, "conclude", date=date(2026, 10, 9), outcome="revoked")
    performance.supervise(for_label("reconsideration"), case, actor=fx.bureau, due_on=date(2026, 11, 26))
    return case, f"/reconsideration/casefile/{case.pk}/performance/"


def _reported(fx: Any, case: Any) -> None:
    performance.report(
        for_label("reconsideration"), case, actor=fx.clerk, performed_on=date(2026, 11, 19), text="已履行"
    )


SCENARIOS = {
    "reconsideration received, voided": Scenario(
        _recon_received, lambda fx, c: _recon_run(fx, c, "void", reason="登记错误"), ("reconsideration",)
    ),
    "reconsideration accepted, concluded": Scenario(_recon_accepted, _conclude, ("reconsideration",)),
    "litigation served, voided": Scenario(_litigation_served, _litigation_void, ("litigation",)),
    "answer notice served, concluded": Scenario(_answer_notice_served, _conclude, ("casefiles.respondent",)),
    "performance due, reported": Scenario(_supervised, _reported, ("casefiles.performance",)),
}

#: Workbench providers no scenario here exercises, each with why (the integrator's list to extend).
NOT_COVERED = {
    "fazhi.workdays.workbench.items": "not a record: the missing holiday calendar of a year",
    "fazhi.enforcement.workbench.items": "not covered yet (issue 15 scope: the case modules)",
    "fazhi.enforcement.workbench.supervision_items": "not covered yet (issue 15 scope: the case modules)",
    "fazhi.governance.workbench.items": "not covered yet; lists only status=open rectifications",
    "fazhi.normative.workbench.items": "not covered yet; lists only published documents",
    "fazhi.decisions.workbench.items": "not covered yet (issue 15 scope: the case modules)",
    "fazhi.reports.workbench.items": "not covered yet (issue 15 scope: the case modules)",
    "fazhi.litigation.workbench.co_defendant_queue": "not covered yet: co-defendant confirmations",
}
COVERED = {
    "reconsideration": "fazhi.reconsideration.workbench.items",
    "litigation": "fazhi.litigation.workbench.items",
    "casefiles.respondent": "fazhi.casefiles.respondent.workbench",
    "casefiles.performance": "fazhi.casefiles.performance.workbench",
}


def _name(provider: Any) -> str:
    return f"{provider.__module__}.{provider.__name__}"


def test_every_provider_is_covered_or_named() -> None:
    """A new provider must get a scenario here (or a reason in NOT_COVERED)."""
    registered = {_name(p) for p in registry.workbench}
    assert registered <= set(COVERED.values()) | set(NOT_COVERED), registered - set(COVERED.values())
    assert set(COVERED.values()) <= registered


@dataclass
class Fx:
    bureau: Any
    clerk: Any
    receive: Any
    make_case: Any


def _items(users: list[Any]) -> list[tuple[Any, ...]]:
    out = []
    for user in users:
        todo, due = workbench_items(user)
        out += [(user.pk, i.title, i.url, i.kind, i.due, i.status) for i in todo + due]
    return sorted(out, key=repr)


def _threshold_day(due: date) -> date | None:
    for back in range(1, 15):
        day = due - timedelta(days=back)
        if reminder_threshold(day, due, thresholds()) is not None:
            return day
    return None


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_closed_record_produces_no_item_and_no_reminder(  # type: ignore[no-untyped-def]
    name, bureau, clerk, receive, make_case
) -> None:
    scenario = SCENARIOS[name]
    fx = Fx(bureau, clerk, receive, make_case)
    users = [bureau, clerk]
    baseline = _items(users)

    record, url = scenario.open(fx)
    listed = [i for i in _items(users) if url in i[2]]
    assert listed, f"{name}: the open record is on no workbench"
    by_provider = {
        _name(p) for p in registry.workbench for u in users for i in p(u, date(2026, 11, 20)) if url in i.url
    }
    assert {COVERED[k] for k in scenario.providers} <= by_provider
    deadlines = sorted({i[4] for i in listed if i[3] == "deadline" and i[4] is not None})
    day = next((d for d in (_threshold_day(due) for due in deadlines) if d is not None), None)
    if day is not None:  # the job reminds of the open record on a threshold day
        assert deadline_reminders(day) > 0
        assert Notification.objects.filter(url__contains=url).exists()
        Notification.objects.all().delete()

    scenario.close(fx, record)
    assert _items(users) == baseline, f"{name}: the closed record is still on a workbench"
    for d in [day] if day is not None else []:
        deadline_reminders(d)
    for d in (date(2026, 11, 20), date(2026, 11, 23)):
        deadline_reminders(d)
    assert not Notification.objects.filter(url__contains=url, kind="deadline").exists()
