"""Pages: scoped lists with few queries, keyset pages, masking, transitions, documents (DESIGN.md §5, §10)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.core.actions import TRUSTED, run
from fazhi.core.pii import mask_id
from fazhi.litigation.actions import WORKFLOW
from fazhi.litigation.models import LitigationCase, LossAccountability, Outcome, Status
from fazhi.testing.clock import PINNED_NOW
from fazhi.testing.factories import ID_NUMBER

pytestmark = pytest.mark.django_db
LIST = reverse("litigation:case_list")


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def listed_ids(client: Client, url: str) -> set[int]:
    """Every case id on the list page, following the keyset cursor through all pages."""
    ids: set[int] = set()
    while url:
        html = client.get(url).content.decode()
        ids |= {int(i) for i in re.findall(r'data-case-id="(\d+)"', html)}
        m = re.search(r'href="(\?[^"]*cursor=[^"]+)" data-testid="next-page"', html)
        url = (LIST + m.group(1).replace("&amp;", "&")) if m else ""
    return ids


def test_clerk_sees_only_own_unit(make_case, clerk1) -> None:
    mine = make_case(defendant="d01")
    other = make_case(defendant="d02")
    c = client_for(clerk1)
    assert listed_ids(c, LIST) == {mine.pk}
    assert c.get(reverse("litigation:case_detail", args=[other.pk])).status_code == 404
    assert c.get(reverse("litigation:case_detail", args=[mine.pk])).status_code == 200


def test_list_query_count_is_constant_and_pages_are_keyset(
    make_case, bureau, django_assert_max_num_queries
) -> None:
    cases = [make_case(served_on=date(2019, 1, 1) + timedelta(days=i % 7)) for i in range(120)]
    c = client_for(bureau)
    c.get(LIST)  # the working-day calendar is read once per process, then cached: measure the steady state
    with django_assert_max_num_queries(14):
        resp = c.get(LIST)
    assert resp.status_code == 200
    assert listed_ids(c, LIST) == {x.pk for x in cases}
    assert listed_ids(c, LIST + "?sort=served_on&served_from=2019-01-03") == {
        x.pk for x in cases if x.served_on >= date(2019, 1, 3)
    }
    html = c.get(LIST + "?cursor=not-a-cursor").content.decode()
    assert "共 120 件" in html


def test_detail_masks_personal_data_except_for_bureau(make_case, bureau, clerk1) -> None:
    case = make_case(defendant="d01")
    url = reverse("litigation:case_detail", args=[case.pk])
    clerk_html = client_for(clerk1).get(url).content.decode()
    assert (
        ID_NUMBER not in clerk_html and mask_id(ID_NUMBER) in clerk_html and "13812345678" not in clerk_html
    )
    assert ID_NUMBER in client_for(bureau).get(url).content.decode()


def test_transitions_through_forms_and_chinese_errors(make_case, clerk1) -> None:
    case = make_case(defendant="d01", served_on=date(2019, 3, 1))
    c = client_for(clerk1)
    act = lambda name: reverse("litigation:case_action", args=[case.pk, name])  # noqa: E731
    bad = c.post(act("record_answer"), {"date": "2019-02-01", "version": 1})
    assert bad.status_code == 400 and "不能早于收到起诉状副本日期" in bad.content.decode()
    assert c.post(act("record_answer"), {"date": "2019-03-10", "version": 1}).status_code == 302
    assert (
        c.post(
            act("add_session"),
            {
                "date": "2019-04-10",
                "head_appeared": "on",
                "head_name": "李局长",
                "head_post": "deputy",
                "version": 2,
            },
        ).status_code
        == 302
    )
    doc = SimpleUploadedFile("判决书.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    r = c.post(
        act("judge"),
        {
            "date": "2019-05-06",
            "kind": "judgment",
            "outcome": "confirmed_illegal",
            "served_on": "2019-05-08",
            "document": doc,
            "version": 3,
        },
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.JUDGED and case.is_loss and case.judgment_document
    # 9.3: every action carries the version it read (the judgment made it 4).
    assert c.post(act("open_accountability"), {"date": "2019-05-20", "version": 4}).status_code == 302
    assert LossAccountability.objects.filter(case=case).exists()
    stale = c.post(act("appeal"), {"date": "2019-05-20", "filed": "0", "version": 1})
    assert stale.status_code == 400 and "两人同时编辑" in stale.content.decode()
    html = c.get(reverse("litigation:case_detail", args=[case.pk])).content.decode()
    for label in ("登记案件", "登记答辩举证", "登记开庭", "登记判决/裁定", "启动败诉责任调查"):
        assert label in html


def test_document_is_served_only_within_scope_and_type_checked(
    make_case, bureau, clerk1, clerk2, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = make_case(defendant="d01")
    judged = {"date": date(2019, 5, 6), "outcome": Outcome.REVOKED}
    settings.FAZHI_ATTACHMENT_MAX_BYTES = 1024
    refused = [
        (
            SimpleUploadedFile("判决书.pdf", b"MZ not a pdf", content_type="application/pdf"),
            "文件内容与扩展名不符",
        ),
        (SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream"), "仅支持"),
        (SimpleUploadedFile("a.pdf", b"%PDF" + b"0" * 2000, content_type="application/pdf"), "文件过大"),
    ]
    for upload, message in refused:
        with pytest.raises(ValidationError, match=message):
            run(WORKFLOW, "judge", case, actor=bureau, data={**judged, "document": upload}, version=TRUSTED)
    good = SimpleUploadedFile("a.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
    run(WORKFLOW, "judge", case, actor=bureau, data={**judged, "document": good}, version=TRUSTED)
    case.refresh_from_db()
    assert str(tmp_path) in case.judgment_document.path
    url = reverse("litigation:case_document", args=[case.pk])
    resp = client_for(clerk1).get(url)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == b"%PDF-1.4 ok"
    assert client_for(clerk2).get(url).status_code == 404


def test_create_page(units, clerk1) -> None:
    c = client_for(clerk1)
    assert c.get(reverse("litigation:case_create")).status_code == 200
    data = {
        "court_case_number": "（2019）浙0381行初77号",
        "court": units["court"].pk,
        "instance": "first",
        "defendant": units["d01"].pk,
        "cause": "不服处罚",
        "act_category": "penalty",
        "served_on": "2019-06-03",
        "p1_name": "张三",
        "p1_kind": "person",
        "p1_id_number": "330381198005060011",
        "p2_kind": "person",
        "p3_kind": "person",
    }
    bad = c.post(reverse("litigation:case_create"), data)
    assert bad.status_code == 200 and "身份证号校验位错误" in bad.content.decode()
    data["p1_id_number"] = ID_NUMBER
    resp = c.post(reverse("litigation:case_create"), data)
    case = LitigationCase.objects.get()
    assert resp.status_code == 302 and case.court_case_number == "(2019)浙0381行初77号"


def test_leader_reads_but_cannot_write(make_case, leader) -> None:
    case = make_case()
    c = client_for(leader)
    assert c.get(LIST).status_code == 200
    assert c.get(reverse("litigation:case_detail", args=[case.pk])).status_code == 200
    assert (
        c.post(
            reverse("litigation:case_action", args=[case.pk, "record_answer"]), {"date": "2019-03-05"}
        ).status_code
        == 403
    )


@time_machine.travel(PINNED_NOW, tick=False)  # counts from today (fazhi.testing.clock)
def test_workbench_shows_due_soon_and_overdue_for_defendant_and_bureau(
    make_case, bureau, clerk1, clerk2
) -> None:
    from fazhi.core.dates import today

    now = today()
    overdue = make_case(served_on=now - timedelta(days=40), defendant="d01", number="(2024)浙0381行初901号")
    soon = make_case(served_on=now - timedelta(days=14), defendant="d01", number="(2024)浙0381行初902号")
    from fazhi.core.views import workbench_items

    _todo, due = workbench_items(clerk1)
    titles = {i.title: i.status for i in due}
    assert titles[f"{overdue.court_case_number} 答辩举证期限"] == "overdue"
    assert f"{soon.court_case_number} 答辩举证期限" in titles
    assert {i.title for i in workbench_items(bureau)[1]} >= set(titles)
    assert not [i for i in workbench_items(clerk2)[1] if i.module == "litigation"]
    html = client_for(clerk1).get("/").content.decode()
    assert "已超期" in html and overdue.court_case_number in html
    # 法释〔2020〕3号 Art 5: a session registered ahead shows in the week before, flagged if notice < 3 days
    run(WORKFLOW, "record_answer", soon, actor=bureau, data={"date": now}, version=TRUSTED)
    run(
        WORKFLOW,
        "add_session",
        soon,
        actor=bureau,
        data={
            "date": now + timedelta(days=2),
            "head_appeared": True,
            "head_name": "李局长",
            "head_post": "principal",
            "notice_received_on": now,
        },
        version=TRUSTED,
    )
    session_items = [i for i in workbench_items(clerk1)[1] if "开庭" in i.title]
    assert [i.due for i in session_items] == [now + timedelta(days=2)]
    assert "出庭通知不足3日" in session_items[0].basis


def test_appealed_case_offers_prefilled_second_instance(
    make_case, bureau, django_assert_max_num_queries
) -> None:
    first = make_case(served_on=date(2019, 1, 5))
    run(
        WORKFLOW,
        "judge",
        first,
        actor=bureau,
        data={"date": date(2019, 3, 1), "outcome": Outcome.REVOKED},
        version=TRUSTED,
    )
    run(
        WORKFLOW,
        "appeal",
        first,
        actor=bureau,
        data={"date": date(2019, 3, 10), "filed": True},
        version=TRUSTED,
    )
    c = client_for(bureau)
    with django_assert_max_num_queries(21):  # +1: the 分案 form's staff list (issue 15 item 4)
        html = c.get(reverse("litigation:case_detail", args=[first.pk])).content.decode()
    link = re.search(r'href="([^"]+)" data-testid="add-second-instance"', html).group(1).replace("&amp;", "&")
    form_html = c.get(link).content.decode()
    assert 'value="second" selected' in form_html and first.court_case_number in form_html


# The served date must not lie in the future (core.dates range check): pin the clock after it.
@time_machine.travel(datetime(2026, 12, 26, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_calendar_missing_is_shown_not_guessed(make_case, bureau) -> None:
    """RULES §1: a period ending in a year without holiday data shows "日历缺失" on page and API."""
    case = make_case(served_on=date(2026, 12, 25), number="(2026)浙0381行初1号")
    html = client_for(bureau).get(reverse("litigation:case_detail", args=[case.pk])).content.decode()
    assert "日历缺失" in html
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(bureau)
    assert api.get(f"/api/v1/litigation/cases/{case.pk}/").json()["answer_due"] == "日历缺失"


def test_nav_entries_for_business_roles(bureau, clerk1, leader) -> None:
    for user in (bureau, clerk1, leader):
        html = client_for(user).get("/").content.decode()
        assert 'href="/litigation/"' in html and 'href="/disputes/"' in html


def test_co_defendant_clerk_reads_but_does_not_write(make_case, units, clerk2) -> None:
    case = make_case(defendant="d01", co_defendants=[units["d02"]])
    make_case(defendant="d01")
    c = client_for(clerk2)
    assert listed_ids(c, LIST) == {case.pk}
    html = c.get(reverse("litigation:case_detail", args=[case.pk])).content.decode()
    assert "示例市自然资源和规划局（共同被告）" in html and "form-record_answer" not in html
    resp = c.post(reverse("litigation:case_action", args=[case.pk, "record_answer"]), {"date": "2019-03-05"})
    assert resp.status_code == 403
    case.refresh_from_db()
    assert case.status == Status.SERVED
