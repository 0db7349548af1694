"""视为放弃 on the action runner (RULES §2; 《行政复议法》第三十一条): an applicant who does not correct the
application within the period without good reason is deemed to have abandoned it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, run
from fazhi.reconsideration import deadlines, rules, stats
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.models import ReconsiderationCase, Status, StatusChange
from fazhi.reports.figures import FigureQuery
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("pinned_clock")
BASE = "/api/v1/reconsideration/cases/"


@pytest.fixture
def in_correction(receive, bureau):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    return run(
        WORKFLOW,
        "request_correction",
        case,
        actor=bureau,
        data={"date": date(2024, 3, 4), "items": "补充身份证明"},
        version=TRUSTED,
    )


def test_not_before_the_notice_was_served(in_correction, bureau) -> None:  # type: ignore[no-untyped-def]
    """Art 31: the applicant's period runs from receiving the notice; without that date nothing is late."""
    with pytest.raises(ValidationError, match="补正通知送达日期尚未登记"):
        run(
            WORKFLOW,
            "deem_abandoned",
            in_correction,
            actor=bureau,
            data={"date": date(2024, 4, 30)},
            version=TRUSTED,
        )
    assert ReconsiderationCase.objects.get(pk=in_correction.pk).status == Status.CORRECTION


def test_not_while_the_period_runs(in_correction, bureau) -> None:  # type: ignore[no-untyped-def]
    case = run(
        WORKFLOW,
        "serve_correction",
        in_correction,
        actor=bureau,
        data={"date": date(2024, 3, 5)},
        version=TRUSTED,
    )
    due = rules.CORRECTION_PERIOD.due(date(2024, 3, 5))
    assert due == date(2024, 3, 19)  # ten working days after 5 March 2024
    with pytest.raises(ValidationError, match="期满仍未补正的，方可视为放弃"):
        run(WORKFLOW, "deem_abandoned", case, actor=bureau, data={"date": due}, version=TRUSTED)
    case.refresh_from_db()
    assert case.status == Status.CORRECTION and case.abandoned_on is None


def test_after_the_period_the_application_is_deemed_abandoned(in_correction, bureau) -> None:  # type: ignore[no-untyped-def]
    """RULES §2 (Art 31): 视为放弃, recorded; it stays received (FIGURES reconsideration.received) and is
    never accepted (reconsideration.accepted), and no acceptance deadline is left running."""
    case = run(
        WORKFLOW,
        "serve_correction",
        in_correction,
        actor=bureau,
        data={"date": date(2024, 3, 5)},
        version=TRUSTED,
    )
    r = api(bureau).post(
        f"{BASE}{case.pk}/deem-abandoned/", {"date": "2024-03-20", "version": case.version}, format="json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == Status.ABANDONED and r.json()["abandoned_on"] == "2024-03-20"
    case.refresh_from_db()
    row = StatusChange.objects.filter(case=case).last()
    assert row.action == "deem_abandoned" and "第三十一条" in row.note
    assert AuditEvent.objects.filter(action="reconsideration.deem_abandoned", object_id=str(case.pk)).exists()
    assert deadlines.acceptance_deadline(case, date(2024, 4, 30)) is None
    assert not any(
        d.is_overdue
        for d in deadlines.case_deadlines(case, date(2024, 4, 30))
        if d.rule != rules.CORRECTION_PERIOD
    )
    figs = {f.key: f.value for f in stats.figures(FigureQuery.for_year(2024))}
    assert figs["reconsideration.received"] == 1 and figs["reconsideration.accepted"] == 0
    # Nothing further may happen to it.
    with pytest.raises(ValidationError, match="不能执行"):
        run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 3, 21)}, version=TRUSTED)


def test_only_the_office_decides_and_the_page_offers_it(in_correction, bureau, clerk) -> None:  # type: ignore[no-untyped-def]
    case = run(
        WORKFLOW,
        "serve_correction",
        in_correction,
        actor=bureau,
        data={"date": date(2024, 3, 5)},
        version=TRUSTED,
    )
    with pytest.raises(PermissionDenied):
        run(WORKFLOW, "deem_abandoned", case, actor=clerk, data={"date": date(2024, 3, 20)}, version=TRUSTED)
    detail = page(bureau).get(reverse("reconsideration:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="action-deem_abandoned"' in detail
    url = reverse("reconsideration:case_action", args=[case.pk, "deem_abandoned"])
    r = page(bureau).post(url, {"on": "2024-03-20", "version": case.version})
    assert r.status_code == 302
    assert ReconsiderationCase.objects.get(pk=case.pk).status == Status.ABANDONED
