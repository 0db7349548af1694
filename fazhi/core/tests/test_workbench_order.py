"""The workbench (issue 15 item 9): the user's own cases first, then overdue (longest overdue first), then
due soonest; a limit with "更多"; and a closed or voided case never produces an item or a reminder, for
each case module's providers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from fazhi.core.actions import TRUSTED, run
from fazhi.core.registry import WorkItem, registry
from fazhi.core.views import WORKBENCH_LIMIT, workbench_items
from fazhi.notifications.models import Notification
from fazhi.notifications.services import deadline_reminders
from fazhi.orgs.models import OrgUnit, User
from fazhi.testing.clients import page
from fazhi.testing.clock import SHANGHAI
from fazhi.testing.factories import make_litigation_case, make_reconsideration_case

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)


def _at(day: date) -> Any:
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False)


class Provider:
    """A module's provider as any module declares one (here: items of made-up cases)."""

    def __init__(self, items: list[WorkItem]) -> None:
        self.items = items

    def __call__(self, user: Any, today: date) -> list[WorkItem]:
        return list(self.items)


@pytest.fixture
def provide() -> Any:
    added: list[Provider] = []

    def add(items: list[WorkItem]) -> None:
        added.append(Provider(items))
        registry.workbench.append(added[-1])

    yield add
    for p in added:
        registry.workbench.remove(p)


def _due(title: str, days: int, status: str, mine: bool | None = None) -> WorkItem:
    return WorkItem(title, "/x/", "deadline", DAY + timedelta(days=days), status, mine=mine)


def test_overdue_longest_first_then_soonest_and_my_cases_first(bureau: User, provide: Any) -> None:
    provide(
        [
            _due("soon-late", 3, "due_soon"),
            _due("overdue-1", -1, "overdue"),
            _due("soon-first", 1, "due_soon"),
            _due("overdue-9", -9, "overdue"),
            _due("mine-soon", 2, "due_soon", mine=True),
            _due("others", -20, "overdue", mine=False),
        ]
    )
    with _at(DAY):
        _todo, due = workbench_items(bureau)
    titles = [i.title for i in due if i.url == "/x/"]
    assert titles == ["mine-soon", "others", "overdue-9", "overdue-1", "soon-first", "soon-late"]


def test_the_page_shows_a_limit_and_more(bureau: User, provide: Any) -> None:
    provide([_due(f"事项{n:03d}", n, "due_soon") for n in range(WORKBENCH_LIMIT + 5)])
    with _at(DAY):
        html = page(bureau).get("/").content.decode()
        everything = page(bureau).get("/?all=1").content.decode()
    # the provider's 25 lines (and whatever the installed modules add) are cut at the limit
    assert "事项000" in html and f"事项{WORKBENCH_LIMIT + 4:03d}" not in html
    assert 'data-testid="due-more"' in html
    assert f"事项{WORKBENCH_LIMIT + 4:03d}" in everything and 'data-testid="due-more"' not in everything


def _recon_closed(bureau: User, unit: OrgUnit, how: str) -> Any:
    from fazhi.reconsideration.actions import WORKFLOW

    case = make_reconsideration_case(bureau, unit, received_on=date(2026, 9, 1))
    if how == "declined":
        return run(
            WORKFLOW,
            "decline",
            case,
            actor=bureau,
            data={"date": date(2026, 9, 2), "reason": "不属于受理范围"},
            version=TRUSTED,
        )
    case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2026, 9, 2)}, version=TRUSTED)
    run(WORKFLOW, "send_copy", case, actor=bureau, data={"date": date(2026, 9, 2)}, version=TRUSTED)
    if how == "concluded":
        return run(
            WORKFLOW,
            "conclude",
            case,
            actor=bureau,
            data={"date": date(2026, 9, 3), "outcome": "upheld"},
            version=TRUSTED,
        )
    return run(WORKFLOW, "void", case, actor=bureau, data={"reason": "重复登记"}, version=TRUSTED)


def _lit_closed(bureau: User, units: dict[str, OrgUnit], how: str) -> Any:
    from fazhi.litigation.actions import WORKFLOW

    case = make_litigation_case(bureau, units["d01"], units["court"], served_on=date(2026, 9, 1))
    return run(WORKFLOW, "void", case, actor=bureau, data={"reason": "重复登记"}, version=TRUSTED)


@pytest.mark.parametrize(
    "module,how",
    [
        ("reconsideration", "concluded"),
        ("reconsideration", "declined"),
        ("reconsideration", "voided"),
        ("litigation", "voided"),
    ],
)
def test_closed_cases_never_produce_items_or_reminders(
    module: str, how: str, bureau: User, clerk1: User, units: dict[str, OrgUnit]
) -> None:
    """A case that is closed (审结, 不予受理) or voided (作废) leaves every provider of every module and
    the reminders: its deadlines (overdue by weeks before it closed) are no longer anyone's task."""
    with _at(date(2026, 9, 3)):
        closed = (
            _recon_closed(bureau, units["d01"], how)
            if module == "reconsideration"
            else _lit_closed(bureau, units, how)
        )
    url = f"/{module}/{closed.pk}/"
    with _at(DAY):
        for user in (bureau, clerk1):
            todo, due = workbench_items(user)
            assert not [i for i in todo + due if i.url == url]
        deadline_reminders(DAY)
    assert not Notification.objects.filter(url=url).exists()
