"""Closed records never produce reminders (issue 15 item 9), over every workbench provider — the single
source of 我的待办/即将到期 and of ``notify_deadlines`` (``deadline_reminders``).

Each scenario makes an open record whose dates put it on the workbench, checks that some provider lists
it and that the daily job reminds of it on a threshold day, then closes it the way the law closes it
(voided, concluded, performance reported, publicized, certificate renewed, rectified, repealed, report
published) and checks that the workbench of every user is exactly what it was without the record (from
every provider at once) and that the job writes no reminder of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

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
    # False where the provider lists the record only once overdue (公示): no reminder before the due day
    reminded_before_due: bool = True


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


def _body(fx: Any) -> Any:
    from fazhi.enforcement.tests import factories

    return factories.body(fx.bureau, fx.units["d01"], "示例市市场监督管理局", published=date(2026, 1, 5))


def _unpublicized(fx: Any) -> tuple[Any, str]:
    from fazhi.enforcement.tests import factories

    decision = factories.action(fx.bureau, _body(fx), "许可1", date(2026, 10, 12), action_type="license")
    assert decision.publicity_due < date(2026, 11, 20)  # 逾期未公示
    return decision, reverse("enforcement:action_detail", args=[decision.pk])


def _publicized(fx: Any, decision: Any) -> None:
    """公示 registered late, but made on its last day (a late one is a problem of its own, listed as such)."""
    from fazhi.enforcement.tests import factories

    decision.refresh_from_db()
    factories.publicize(fx.bureau, decision, decision.publicity_due)


def _expiring_certificate(fx: Any) -> tuple[Any, str]:
    from fazhi.enforcement.tests import factories

    officer = factories.officer(fx.bureau, fx.units["d01"], 1, cert=(date(2020, 12, 15), date(2026, 12, 14)))
    return officer, reverse("enforcement:officer_detail", args=[officer.pk])


def _renewed(fx: Any, officer: Any) -> None:
    """换证: the new certificate, valid for six more years."""
    from fazhi.enforcement.actions import OFFICER_WORKFLOW

    data = {"number": "ZF-RENEWED-1", "issued_on": date(2026, 11, 19), "valid_until": date(2032, 11, 18)}
    run(OFFICER_WORKFLOW, "certificates", officer, actor=fx.bureau, data=data, version=TRUSTED)


def _rectifying_case_review(fx: Any) -> tuple[Any, str]:
    from fazhi.enforcement.supervision_actions import REVIEW_WORKFLOW
    from fazhi.enforcement.tests import factories

    body = _body(fx)
    sampled = factories.action(fx.bureau, body, "许可2", date(2026, 9, 7), action_type="license")
    factories.publicize(fx.bureau, sampled, date(2026, 9, 8))
    review = factories.case_review(fx.bureau, body, [sampled], started=date(2026, 10, 9))
    data = {
        "date": date(2026, 10, 30),
        "score": 70,
        "problems_found": "未说明理由",
        "rectify_due": date(2026, 11, 18),
    }
    review = factories.step(REVIEW_WORKFLOW, "conclude", review, fx.bureau, **data)
    return review, reverse("enforcement:case_review_detail", args=[review.pk])


def _rectified_case_review(fx: Any, review: Any) -> None:
    from fazhi.enforcement.supervision_actions import REVIEW_WORKFLOW
    from fazhi.enforcement.tests import factories

    review.refresh_from_db()
    factories.step(
        REVIEW_WORKFLOW, "rectify", review, fx.bureau, date=date(2026, 11, 19), rectification="已补正"
    )


def _open_rectification(fx: Any) -> tuple[Any, str]:
    from fazhi.governance.services import create_rectification

    data = {"org": fx.units["d01"], "title": "行政执法公示不及时", "due_on": date(2026, 11, 30)}
    task = create_rectification(actor=fx.bureau, data=data)
    return task, reverse("governance:rectification_detail", args=[task.pk])


def _completed(fx: Any, task: Any) -> None:
    from fazhi.governance.actions import WORKFLOW

    task.refresh_from_db()
    data = {"date": date(2026, 11, 19), "evidence": "已按期公示"}
    run(WORKFLOW, "complete", task, actor=fx.bureau, data=data, version=TRUSTED)


def _expiring_document(fx: Any) -> tuple[Any, str]:
    """Published 2021-12-01 for five years and filed: only the evaluation before its term ends is due."""
    from fazhi.normative.tests.helpers import published

    doc = published(
        fx.bureau, fx.units["d01"], date(2021, 12, 1), "示政发〔2021〕9号", filed=date(2021, 12, 20)
    )
    return doc, reverse("normative:document_detail", args=[doc.pk])


def _repealed(fx: Any, doc: Any) -> None:
    from fazhi.normative.tests.helpers import step

    doc.refresh_from_db()
    step(fx.bureau, doc, "repeal", date=date(2026, 11, 19))


def _review_under_way(fx: Any) -> tuple[Any, str]:
    from fazhi.decisions import services as desk

    data = desk.ReviewData("other", "关于某事项的合法性审查", fx.units["d01"], date(2026, 9, 15))
    review = desk.create_review(actor=fx.bureau, data=data)
    return review, reverse("decisions:review_detail", args=[review.pk])


def _review_concluded(fx: Any, review: Any) -> None:
    from fazhi.decisions import services as desk

    review.refresh_from_db()
    data = {"date": date(2026, 11, 19), "opinion": "lawful", "reasons": ""}
    desk.act("conclude", actor=fx.bureau, review=review, data=data)


def _late_report(fx: Any) -> tuple[Any, str]:
    """The 2025 report, still a draft past its 31 March 2026 deadline."""
    from fazhi.reports import services as reports

    report = reports.create_report(actor=fx.bureau, org=fx.units["gov"], year=2025)
    return report, reverse("reports:report_detail", args=[report.pk])


def _report_published(fx: Any, report: Any) -> None:
    from fazhi.reports.actions import WORKFLOW
    from fazhi.testing.county import finish_draft

    report = finish_draft(report, fx.bureau)
    for name, actor in (("submit", fx.bureau), ("clear", fx.reviewer), ("approve", fx.leader)):
        report = run(WORKFLOW, name, report, actor=actor, version=TRUSTED)
    run(WORKFLOW, "publish", report, actor=fx.bureau, version=TRUSTED)


SCENARIOS = {
    "reconsideration received, voided": Scenario(
        _recon_received, lambda fx, c: _recon_run(fx, c, "void", reason="登记错误"), ("reconsideration",)
    ),
    "reconsideration accepted, concluded": Scenario(_recon_accepted, _conclude, ("reconsideration",)),
    "litigation served, voided": Scenario(_litigation_served, _litigation_void, ("litigation",)),
    "answer notice served, concluded": Scenario(_answer_notice_served, _conclude, ("casefiles.respondent",)),
    "performance due, reported": Scenario(_supervised, _reported, ("casefiles.performance",)),
    "enforcement decision not publicized, publicized": Scenario(
        _unpublicized, _publicized, ("enforcement",), reminded_before_due=False
    ),
    "certificate expiring, renewed": Scenario(_expiring_certificate, _renewed, ("enforcement",)),
    "case review rectifying, rectified": Scenario(
        _rectifying_case_review, _rectified_case_review, ("enforcement.supervision",)
    ),
    "rectification open, completed": Scenario(_open_rectification, _completed, ("governance",)),
    "normative document expiring, repealed": Scenario(_expiring_document, _repealed, ("normative",)),
    "legality review under way, concluded": Scenario(_review_under_way, _review_concluded, ("decisions",)),
    "annual report late, published": Scenario(_late_report, _report_published, ("reports",)),
}

#: Workbench providers no scenario here exercises, each with why (the integrator's list to extend).
NOT_COVERED = {
    "fazhi.workdays.workbench.items": "not a record: the missing holiday calendar of a year",
    "fazhi.litigation.workbench.co_defendant_queue": "not covered yet: co-defendant confirmations",
}
COVERED = {
    "reconsideration": "fazhi.reconsideration.workbench.items",
    "litigation": "fazhi.litigation.workbench.items",
    "casefiles.respondent": "fazhi.casefiles.respondent.workbench",
    "casefiles.performance": "fazhi.casefiles.performance.workbench",
    "enforcement": "fazhi.enforcement.workbench.items",
    "enforcement.supervision": "fazhi.enforcement.workbench.supervision_items",
    "governance": "fazhi.governance.workbench.items",
    "normative": "fazhi.normative.workbench.items",
    "decisions": "fazhi.decisions.workbench.items",
    "reports": "fazhi.reports.workbench.items",
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
    units: dict[str, Any]
    reviewer: Any
    leader: Any


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
    name, bureau, clerk, receive, make_case, units, reviewer, leader
) -> None:
    scenario = SCENARIOS[name]
    fx = Fx(bureau, clerk, receive, make_case, units, reviewer, leader)
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
    if not scenario.reminded_before_due:
        day = None
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
