"""Pages of 重大行政决策 and 合法性审查: the hard gate on the page (国务院令第713号 Art 26), the review-time
warning on page and workbench (Art 27), the reviewers' workbench deadlines, scope, lists, the portal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fazhi.core.dates import today
from fazhi.decisions import services
from fazhi.decisions.models import DecisionStep, MajorDecision
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)
from fazhi.workdays import calendar

from .helpers import MEETING, conclude, decision, review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def test_page_gate_is_refused_in_chinese_and_changes_nothing(bureau, units) -> None:  # type: ignore[no-untyped-def]
    d = decision(bureau, units["d01"])
    steps = DecisionStep.objects.count()
    form = {**{k: str(v) for k, v in MEETING.items()}, "version": d.version}
    r = page(bureau).post(f"/decisions/{d.pk}/record_step/", form)
    html = r.content.decode()
    assert r.status_code == 400 and "未经合法性审查，不得提交集体讨论" in html and "第二十六条" in html
    assert DecisionStep.objects.count() == steps and MajorDecision.objects.get(pk=d.pk).version == d.version


def test_page_records_the_meeting_once_the_review_is_lawful(bureau, units) -> None:  # type: ignore[no-untyped-def]
    d = decision(bureau, units["d01"])
    conclude(bureau, review(bureau, units["d01"], date(2019, 4, 10), subject=d), date(2019, 4, 20))
    form = {**{k: str(v) for k, v in MEETING.items()}, "version": d.version}
    r = page(bureau).post(f"/decisions/{d.pk}/record_step/", form)
    assert r.status_code == 302
    html = page(bureau).get(f"/decisions/{d.pk}/").content.decode()
    assert "已作出决定" in html and "市政府常务会议" in html and 'data-testid="timeline"' in html


def test_review_time_warning_on_page_and_workbench(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    """Art 27: sent for review less than 7 working days before the planned meeting."""
    now = today()
    meeting = calendar.add_working_days(now, 3)
    d = decision(clerk1, units["d01"], planned_meeting_on=meeting)
    review(clerk1, units["d01"], now, subject=d)
    html = page(clerk1).get(f"/decisions/{d.pk}/").content.decode()
    assert 'data-testid="review-time-warning"' in html and "第二十七条" in html
    for user in (clerk1, bureau):
        assert d.number in page(user).get("/").content.decode()
    services.record_step(
        actor=clerk1, decision=d, data={**MEETING, "step": "expert_review"}
    ) if False else None
    MajorDecision.objects.filter(pk=d.pk).update(planned_meeting_on=calendar.add_working_days(now, 10))
    assert d.number not in page(clerk1).get("/").content.decode()


def test_workbench_shows_the_desk_due_soon_and_overdue_reviews(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    now = today()
    soon = review(clerk1, units["d01"], now - timedelta(days=18))  # due one working day ahead
    late = review(clerk1, units["d01"], now - timedelta(days=60))
    done = conclude(bureau, review(clerk1, units["d01"], now - timedelta(days=60)), now - timedelta(days=1))
    html = page(bureau).get("/").content.decode()
    assert soon.number in html and late.number in html and done.number not in html
    assert "即将到期" in html and "已超期" in html
    assert late.number not in page(clerk1).get("/").content.decode()  # the desk's deadlines, not the sender's


def test_department_cannot_open_another_units_records(clerk1, clerk2, units) -> None:  # type: ignore[no-untyped-def]
    r = review(clerk2, units["d02"], date(2019, 9, 27))
    d = decision(clerk2, units["d02"], steps=False)
    c = page(clerk1)
    assert c.get(f"/decisions/reviews/{r.pk}/").status_code == 404
    assert c.get(f"/decisions/{d.pk}/").status_code == 404
    assert r.number not in c.get("/decisions/reviews/").content.decode()


@pytest.mark.parametrize("n", [3, 12])
def test_lists_take_a_constant_number_of_queries(bureau, units, n, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        d = decision(bureau, units["d01" if i % 2 else "d02"], steps=False, title=f"事项{i}")
        review(bureau, d.org, date(2019, 9, 27), subject=d)
    c = page(bureau)
    with django_assert_max_num_queries(14):
        html = c.get("/decisions/reviews/", {"subject_kind": "decision"}).content.decode()
    assert html.count('data-row="review-') == n
    with django_assert_max_num_queries(14):
        html = c.get("/decisions/", {"year": 2019, "in_catalog": "1"}).content.decode()
    assert html.count('data-row="decision-') == n


def test_portal_shows_the_catalogue_and_published_decisions_but_nothing_internal(bureau, units) -> None:  # type: ignore[no-untyped-def]
    d = decision(bureau, units["d01"])
    r = conclude(
        bureau,
        review(bureau, units["d01"], date(2019, 4, 10), subject=d),
        date(2019, 4, 20),
        "lawful_if_amended",
    )
    r = services.act("confirm_amendment", actor=bureau, review=r, data={"date": date(2019, 4, 25)})
    d = services.record_step(actor=bureau, decision=d, data=MEETING)
    services.record_step(
        actor=bureau,
        decision=d,
        data={"step": "publication", "date": date(2019, 5, 30), "channel": "门户网站"},
    )
    draft = decision(bureau, units["d02"], title="尚未公布目录的内部草案")
    services.create_decision(actor=bureau, data=services.DecisionData("目录外内部事项", units["d02"], 2019))
    from django.test import Client

    html = Client().get("/portal/").content.decode()
    assert draft.title not in html and "2019年重大行政决策事项目录" not in html  # catalogue not published yet
    services.publish_catalog(actor=bureau, catalog=d.catalog, on=date(2019, 2, 28))
    html = Client().get("/portal/").content.decode()
    assert "2019年重大行政决策事项目录" in html and "管道燃气特许经营" in html and "2019年5月30日公布" in html
    assert draft.title in html  # a catalogue item is public once the catalogue is
    for internal in ("目录外内部事项", r.reasons, r.number, "修改后合法", "合法性审查意见"):
        assert internal not in html, internal


def test_catalogue_is_published_from_its_page_with_the_version_read(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    """Art 9: the catalogue is published (then public); a stale page changes nothing."""
    catalog = decision(bureau, units["d01"], steps=False).catalog
    assert (
        page(clerk1)
        .post(f"/decisions/catalog/{catalog.pk}/publish/", {"version": catalog.version})
        .status_code
        == 403
    )
    r = page(bureau).post(
        f"/decisions/catalog/{catalog.pk}/publish/", {"version": catalog.version + 1}, follow=True
    )
    catalog.refresh_from_db()
    assert "两人同时编辑" in r.content.decode() and catalog.published_on is None
    page(bureau).post(f"/decisions/catalog/{catalog.pk}/publish/", {"version": catalog.version})
    catalog.refresh_from_db()
    assert catalog.published_on == today() and catalog.version == 2
