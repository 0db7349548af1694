"""执法监督 (issue 13 item 7): the working-day deadlines of complaints and notices on the holiday calendar
(RULES §1; local periods, settings), the steps and who may run them, scope (a body's clerk sees and answers
only its own: 404 otherwise), the API, the figures against hand-counted records with their drill-downs, the
workbench and the lists' query counts."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from fazhi.core.figures import FigureQuery
from fazhi.core.pii import make_id_card, mask_id
from fazhi.enforcement import stats, workbench
from fazhi.enforcement.supervision import Complaint, SupervisionNotice
from fazhi.enforcement.supervision_actions import NOTICE_WORKFLOW, REVIEW_WORKFLOW
from fazhi.enforcement.tests import factories as f
from fazhi.testing.clients import api, page

pytestmark = pytest.mark.django_db
BASE = "/api/v1/enforcement/"


@pytest.fixture
def bodies(bureau, units):  # type: ignore[no-untyped-def]
    return f.body(bureau, units["d01"], "执法主体d01"), f.body(bureau, units["d02"], "执法主体d02")


def test_complaint_due_skips_the_national_day_holiday(bureau, bodies) -> None:
    """RULES §1 working days (调休 counted): received Fri 27 Sep 2019, 30 working days (the local default of
    rules.COMPLAINT) skip 1–7 Oct and count the make-up Sundays/Saturdays 29 Sep and 12 Oct: 13 Nov, not
    the 8 Nov that weekdays alone give."""
    c = f.complaint(bureau, bodies[0], date(2019, 9, 27))
    assert c.due_on == date(2019, 11, 13)
    with override_settings(FAZHI_ENFORCEMENT={"complaint_days": 15}):  # a local setting
        assert f.complaint(bureau, bodies[0], date(2019, 9, 27), "乙").due_on == date(2019, 10, 23)


def test_notice_reply_due_skips_labour_day(bureau, bodies) -> None:
    """RULES §1: issued Fri 26 Apr 2019, 20 working days (rules.NOTICE_REPLY, local default): 1–4 May off,
    Sun 28 Apr and Sun 5 May are make-up working days: 27 May."""
    n = f.notice(bureau, bodies[0], date(2019, 4, 26))
    assert n.reply_due == date(2019, 5, 27)
    f.step(NOTICE_WORKFLOW, "reply", n, bureau, date=date(2019, 5, 27), reply="已整改")
    n.refresh_from_db()
    assert n.status == "replied" and n.replied_on_time is True


# The received date must not lie in the future (core.dates range check): pin the clock after it.
@time_machine.travel(datetime(2026, 12, 22, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_a_due_date_past_the_calendar_is_not_guessed(bureau, bodies, clerk1) -> None:
    """RULES §1: a period ending in a year without holiday data is 日历缺失, on the workbench too."""
    c = f.complaint(bureau, bodies[0], date(2026, 12, 21))
    assert c.due_on is None
    items = workbench.supervision_items(clerk1, date(2026, 12, 22))
    assert [i.status for i in items if "执法投诉" in i.title] == ["calendar_missing"]


def test_evaluation_steps_and_who_runs_them(bureau, bodies, clerk1) -> None:
    """The bureau (执法监督机构, 国办发〔2018〕118号) concludes; the body's clerk reports the rectification."""
    a = f.action(bureau, bodies[0], "罚1", date(2019, 5, 6), action_type="license")
    r = f.case_review(bureau, bodies[0], [a])
    with pytest.raises(PermissionDenied, match="司法局"):
        f.step(REVIEW_WORKFLOW, "conclude", r, clerk1, date=date(2019, 6, 14), score=80)
    with pytest.raises(ValidationError, match="发现的问题"):
        f.step(
            REVIEW_WORKFLOW,
            "conclude",
            r,
            bureau,
            date=date(2019, 6, 14),
            score=80,
            rectify_due=date(2019, 7, 1),
        )
    with pytest.raises(ValidationError, match="0至100"):
        f.step(REVIEW_WORKFLOW, "conclude", r, bureau, date=date(2019, 6, 14), score=101)
    r = f.step(
        REVIEW_WORKFLOW,
        "conclude",
        r,
        bureau,
        date=date(2019, 6, 14),
        score=80,
        problems_found="说理不充分",
        rectify_due=date(2019, 7, 1),
    )
    assert r.status == "rectifying"
    r = f.step(REVIEW_WORKFLOW, "rectify", r, clerk1, date=date(2019, 6, 28), rectification="已补正")
    assert r.status == "closed" and r.rectified_on_time is True
    assert [e.action for e in r.status_changes.all()] == ["create", "conclude", "rectify"]


def test_registering_is_the_bureaus_and_sampled_decisions_are_the_bodys(bureau, bodies, clerk1) -> None:
    other = f.action(bureau, bodies[1], "许2", date(2019, 5, 6), action_type="license")
    with pytest.raises(PermissionDenied, match="司法局"):
        f.complaint(clerk1, bodies[0], date(2019, 5, 6))
    with pytest.raises(ValidationError, match="不属于该执法主体"):
        f.case_review(bureau, bodies[0], [other])
    assert not Complaint.objects.exists()


def test_a_clerk_sees_and_answers_only_its_own_body(bureau, bodies, clerk1, clerk2) -> None:
    """Scope: the clerk of another body gets 404 on the page, the step and the API; its own it answers."""
    n = f.notice(bureau, bodies[0], date(2019, 4, 26))
    c = f.complaint(bureau, bodies[0], date(2019, 4, 26))
    for client in (page(clerk2),):
        assert client.get(f"/enforcement/notices/{n.pk}/").status_code == 404
        assert client.get(f"/enforcement/complaints/{c.pk}/").status_code == 404
        r = client.post(
            f"/enforcement/notices/{n.pk}/do/reply/", {"date": "2019-05-06", "reply": "x", "version": 1}
        )
        assert r.status_code == 404
    other = api(clerk2)
    assert other.get(f"{BASE}notices/{n.pk}/").status_code == 404
    assert (
        other.post(
            f"{BASE}notices/{n.pk}/reply/", {"date": "2019-05-06", "reply": "x", "version": 1}
        ).status_code
        == 404
    )
    assert other.get(f"{BASE}complaints/").json()["results"] == []
    mine = api(clerk1)
    r = mine.post(f"{BASE}notices/{n.pk}/reply/", {"date": "2019-05-06", "reply": "已整改", "version": 1})
    assert r.status_code == 200 and r.json()["replied_on_time"] is True
    assert page(clerk1).get(f"/enforcement/complaints/{c.pk}/").status_code == 200


def test_complaint_api_masks_the_complainant(bureau, bodies, clerk1) -> None:
    """Personal data (RULES §9): whole for the bureau, masked for the body's clerk."""
    number = make_id_card("330381", date(1975, 3, 1), 5)
    r = api(bureau).post(
        f"{BASE}complaints/",
        {
            "body": bodies[0].pk,
            "received_on": "2019-09-27",
            "summary": "未出示执法证件",
            "complainant": {"kind": "person", "name": "王五", "id_number": number},
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["due_on"] == "2019-11-13" and body["parties"][0]["id_number"] == number
    seen = api(clerk1).get(f"{BASE}complaints/{body['id']}/").json()
    assert seen["parties"][0]["id_number"] == mask_id(number)
    r = api(clerk1).post(
        f"{BASE}complaints/{body['id']}/handle/", {"date": "2019-11-14", "result": "已办结", "version": 1}
    )
    assert r.status_code == 200 and r.json()["handled_on_time"] is False
    bad = api(bureau).post(
        f"{BASE}notices/",
        {"body": bodies[0].pk, "kind": "x", "issued_on": "2019-01-02", "content": "c"},
        format="json",
    )
    assert bad.status_code == 400


def test_the_2019_figures_and_their_drill_downs(bureau, units) -> None:
    """Evaluations concluded in 2019 and their average score, complaints handled within their period and
    notices answered within theirs, over ``factories.supervision_2019`` (counted by hand there)."""
    f.year_2019(bureau, units)
    f.supervision_2019(bureau, units)
    got = {x.key: x for x in stats.FIGURES.compute(FigureQuery.for_year(2019))}
    value = {k: x.value for k, x in got.items()}
    assert value["enforcement.case_reviews"] == 2 and value["enforcement.case_review_average_score"] == 80.0
    assert value["enforcement.complaints"] == 3 and value["enforcement.complaints_on_time"] == 1
    assert value["enforcement.complaints_on_time_rate"] == 0.3333
    assert value["enforcement.notices"] == 2 and value["enforcement.notices_on_time"] == 1
    assert value["enforcement.notices_on_time_rate"] == 0.5
    c = page(bureau)
    for key, row, n in (
        ("enforcement.case_reviews", "casereview", 2),
        ("enforcement.complaints_on_time", "complaint", 1),
        ("enforcement.complaints", "complaint", 3),
        ("enforcement.notices_on_time", "notice", 1),
    ):
        assert c.get(got[key].drilldown).content.decode().count(f'data-row="{row}-') == n, key


def test_the_workbench_shows_each_clerk_its_own_deadlines(bureau, bodies, clerk1, clerk2) -> None:
    f.notice(bureau, bodies[0], date(2019, 4, 26))  # reply due 27 May 2019
    a = f.action(bureau, bodies[1], "许1", date(2019, 5, 6), action_type="license")
    r = f.case_review(bureau, bodies[1], [a], date(2019, 5, 6))
    f.step(
        REVIEW_WORKFLOW,
        "conclude",
        r,
        bureau,
        date=date(2019, 5, 20),
        score=60,
        problems_found="证据不全",
        rectify_due=date(2019, 5, 31),
    )
    today = date(2019, 5, 28)
    mine = workbench.supervision_items(clerk1, today)
    assert [(i.status, i.due) for i in mine] == [("overdue", date(2019, 5, 27))]
    theirs = workbench.supervision_items(clerk2, today)
    assert [(i.status, i.due) for i in theirs] == [("due_soon", date(2019, 5, 31))]
    assert len(workbench.supervision_items(bureau, today)) == 2
    assert workbench.supervision_items(clerk1, date(2019, 5, 1)) == []


def test_lists_do_not_grow_queries_with_rows(bureau, bodies, django_assert_max_num_queries) -> None:
    for n in range(12):
        f.complaint(bureau, bodies[0], date(2019, 5, 6), f"投诉人{n}")
        f.notice(bureau, bodies[0], date(2019, 5, 6 + n % 3))
    a = f.action(bureau, bodies[0], "许1", date(2019, 5, 6), action_type="license")
    for _ in range(12):
        f.case_review(bureau, bodies[0], [a])
    c, p = api(bureau), page(bureau)
    for path, row in (("complaints", "complaint"), ("notices", "notice"), ("case-reviews", "casereview")):
        with django_assert_max_num_queries(12):
            assert len(c.get(f"{BASE}{path}/").json()["results"]) == 12
        with django_assert_max_num_queries(16):
            assert p.get(f"/enforcement/{path}/").content.decode().count(f'data-row="{row}-') == 12
    assert SupervisionNotice.objects.count() == 12


def test_the_demo_has_a_few_of_each_and_one_overdue(bureau, bodies) -> None:
    from fazhi.enforcement import supervision_demo
    from fazhi.enforcement.supervision import CaseReview

    for b in bodies:
        f.action(bureau, b, f"{b.pk}许1", date(2019, 3, 4), action_type="license")
    assert supervision_demo.load(list(bodies)) == 10
    today = date(2020, 3, 2)
    overdue = [i for i in workbench.supervision_items(bureau, today) if i.status == "overdue"]
    assert len(overdue) == 3  # one complaint, one notice, one rectification
    assert CaseReview.objects.filter(status="closed").count() == 2
    got = {x.key: x.value for x in stats.FIGURES.compute(FigureQuery.for_year(2019))}
    assert (
        got["enforcement.complaints_on_time_rate"] == 0.5
        and got["enforcement.notices_on_time_rate"] == 0.6667
    )


def test_a_rectification_is_ordered_by_a_day_to_come(bureau, bodies) -> None:
    """案卷评查: the 整改期限 lies after the review by nature — entered on the review's day, it is accepted;
    a review dated in the future is still refused (core.dates: only the named fields may lie ahead)."""
    with time_machine.travel(datetime(2019, 6, 14, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        a = f.action(bureau, bodies[0], "罚9", date(2019, 5, 6), action_type="license")
        r = f.case_review(bureau, bodies[0], [a])
        with pytest.raises(ValidationError, match="评查日期"):
            f.step(REVIEW_WORKFLOW, "conclude", r, bureau, date=date(2019, 6, 20), score=80)
        r = f.step(
            REVIEW_WORKFLOW,
            "conclude",
            r,
            bureau,
            date=date(2019, 6, 14),
            score=70,
            problems_found="证据不足",
            rectify_due=date(2019, 7, 15),
        )
    r.refresh_from_db()
    assert (r.status, r.rectify_due) == ("rectifying", date(2019, 7, 15))
