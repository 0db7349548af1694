"""The portal's 行政执法 pages (issue 13 item 9; 国办发〔2018〕118号 事前/事后公示): published data only, no
personal data (a natural person's name masked, no ID number or phone), a withdrawn decision removed
(行政处罚法 Art 48), and the 执法数据年报 flagged when published after 31 January of the next year."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, run
from fazhi.core.pii import find_personal_data, make_id_card, mask_name
from fazhi.enforcement.actions import WORKFLOW
from fazhi.enforcement.annual import AnnualStatistics, annual_due, annual_summary, publish_annual_statistics
from fazhi.enforcement.tests import factories as f
from fazhi.testing.clients import pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

PERSON = "欧阳明华"
PERSON_ID = make_id_card("330381", date(1970, 5, 6), 3)
PHONE = "13712345678"


def _text(url: str, **params: Any) -> str:
    r = Client().get(url, params)
    assert r.status_code == 200, (url, r.status_code)
    return r.content.decode()


def _person_penalty(bureau: Any, body: Any, number: str, decided: date, **kw: Any) -> Any:
    party = {"kind": "person", "name": PERSON, "id_number": PERSON_ID, "phone": PHONE}
    return f.action(bureau, body, number, decided, parties=[party], **kw)


@pytest.fixture
def portal(bureau: Any, units: dict[str, Any]) -> dict[str, Any]:
    """A published and a pending body, a certified and an uncertified officer, a publicized 处罚 of a
    person, a publicized 许可 of a company and an unpublicized one, items in force and ended."""
    cert = (date(2024, 1, 1), date(2028, 12, 31))
    pub = f.body(bureau, units["d01"], "示例市公安局", published=date(2019, 3, 1))
    pending = f.body(bureau, units["d02"], "待确认主体")
    good = f.officer(bureau, units["d01"], 1, cert=cert)
    bad = f.officer(bureau, units["d01"], 2)
    person = _person_penalty(bureau, pub, "公罚〔2019〕1号", date(2019, 4, 1), officers=[good.pk])
    f.publicize(bureau, person, date(2019, 4, 3))
    company = f.action(bureau, pub, "公许〔2019〕1号", date(2019, 5, 6), action_type="license")
    f.publicize(bureau, company, date(2019, 5, 8))
    hidden = f.action(bureau, pub, "公许〔2019〕2号", date(2019, 6, 3), action_type="license")
    old = f.no_penalty_list(bureau, units["sfj"], "2019版", date(2019, 1, 1))
    f.no_penalty_item(bureau, old, "已停止事项")
    current = f.no_penalty_list(bureau, units["sfj"], "2024版", date(2024, 1, 1))  # ends 2019版 that day
    f.no_penalty_item(bureau, current, "在用事项")
    return {"pub": pub, "pending": pending, "good": good, "bad": bad, "person": person, "hidden": hidden}


def test_the_pages_show_published_data_and_no_personal_data(portal: dict[str, Any]) -> None:
    """No ID number, phone or unmasked natural-person name on any page; the company's name is public."""
    pages = {
        name: _text(reverse(f"portal_enforcement:{name}"))
        for name in ("bodies", "officers", "decisions", "no_penalty", "annual")
    }
    pages["decision"] = _text(reverse("portal_enforcement:decision", args=[portal["person"].pk]))
    for name, text in pages.items():
        assert not find_personal_data(text, [PERSON]), name
        assert PERSON_ID not in text and PHONE not in text and portal["good"].id_number not in text, name
    assert mask_name(PERSON) in pages["decision"] and mask_name(PERSON) in pages["decisions"]
    assert "示例公司" in pages["decisions"]  # an organisation is published by its name
    assert "示例市公安局" in pages["bodies"] and "《人民警察法》" in pages["bodies"]
    assert "待确认主体" not in pages["bodies"]
    assert (
        portal["good"].name in pages["officers"]
        and portal["good"].certificates.get().number in pages["officers"]
    )
    assert portal["bad"].name not in pages["officers"]  # no valid certificate: may not enforce
    assert "公罚〔2019〕1号" in pages["decisions"] and "公许〔2019〕2号" not in pages["decisions"]
    assert "在用事项" in pages["no_penalty"] and "已停止事项" not in pages["no_penalty"]


def test_an_unpublicized_decision_is_404(portal: dict[str, Any]) -> None:
    assert Client().get(reverse("portal_enforcement:decision", args=[portal["hidden"].pk])).status_code == 404


def test_a_withdrawn_decision_disappears_from_the_portal(bureau: Any, portal: dict[str, Any]) -> None:
    """行政处罚法 Art 48: a revoked decision's publicity is withdrawn; the portal no longer shows it."""
    a = portal["person"]
    url = reverse("portal_enforcement:decision", args=[a.pk])
    assert Client().get(url).status_code == 200
    run(WORKFLOW, "withdraw", a, actor=bureau, data={"date": date(2019, 7, 1)}, version=TRUSTED)
    assert Client().get(url).status_code == 404
    assert "公罚〔2019〕1号" not in _text(reverse("portal_enforcement:decisions"))


def test_decisions_filter_by_body_and_type_and_page_with_a_cursor(
    bureau: Any, units: dict[str, Any], portal: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    """Keyset pages (no COUNT, no OFFSET); the queries do not grow with the rows shown."""
    from fazhi.enforcement import public_views

    other = f.body(bureau, units["d02"], "示例市自然资源和规划局", published=date(2019, 3, 1))
    n = public_views.PAGE + 1
    for i in range(n):
        a = f.action(bureau, other, f"资许{i:03d}", date(2019, 8, 1), action_type="license")
        f.publicize(bureau, a, date(2019, 8, 2))
    url = reverse("portal_enforcement:decisions")
    Client().get(url)  # warm per-process caches
    with django_assert_max_num_queries(4):
        first = Client().get(url, {"body": other.pk})
    rows = first.content.decode().count("data-public-decision=")
    assert rows == public_views.PAGE and "公罚〔2019〕1号" not in first.content.decode()
    second = _text(url + first.context["next_url"])
    assert second.count("data-public-decision=") == n - public_views.PAGE
    penalties = _text(url, type="penalty")
    assert "公罚〔2019〕1号" in penalties and "资许" not in penalties and "公许〔2019〕1号" not in penalties


def test_annual_statistics_summarise_the_year_in_one_query(
    bureau: Any, portal: dict[str, Any], django_assert_num_queries: Any
) -> None:
    """国办发〔2018〕118号: the body's decisions of the year, by type, with 公示 on time."""
    with django_assert_num_queries(1):
        s = annual_summary(portal["pub"], 2019)
    assert s["decisions"] == 3 and s["by_type"] == {"penalty": 1, "license": 2}
    assert s["must_publicize"] == 3 and s["publicized_on_time"] == 2
    assert annual_summary(portal["pub"], 2018)["decisions"] == 0


def test_a_late_annual_report_is_flagged(bureau: Any, units: dict[str, Any], portal: dict[str, Any]) -> None:
    """国办发〔2018〕118号: the 年报 of 2019 is due on 31 January 2020; published on 3 February it is kept
    and flagged late on the portal; one published on the due day is not."""
    on_time_body = f.body(bureau, units["d02"], "按时主体", published=date(2019, 3, 1))
    assert annual_due(2019) == date(2020, 1, 31)
    with time_machine.travel("2020-02-10T10:00+08:00", tick=False):
        late = publish_annual_statistics(actor=bureau, body=portal["pub"], year=2019, on=date(2020, 2, 3))
        ok = publish_annual_statistics(actor=bureau, body=on_time_body, year=2019, on=date(2020, 1, 31))
    assert late.late and not ok.late
    assert late.decisions == 3 and late.publicized_on_time == 2
    text = _text(reverse("portal_enforcement:annual"), year=2019)
    assert text.count('data-testid="annual-late"') == 1
    late_row = text.split(f'data-annual="{late.pk}"')[1].split("</tr>")[0]
    assert "逾期公布" in late_row
    assert AuditEvent.objects.filter(action="enforcement.annual_statistics", object_id=str(late.pk)).exists()


def test_publishing_the_annual_report_is_checked(
    bureau: Any, clerk1: Any, clerk2: Any, portal: dict[str, Any]
) -> None:
    """The body's own unit publishes it (another unit is refused); once per year; after the year ends;
    only a published body (a pending one is not yet an enforcement body)."""
    with time_machine.travel("2020-03-01T10:00+08:00", tick=False):
        with pytest.raises(ValidationError, match="无权查看"):
            publish_annual_statistics(actor=clerk2, body=portal["pub"], year=2019, on=date(2020, 1, 20))
        with pytest.raises(ValidationError, match="年度结束后"):
            publish_annual_statistics(actor=clerk1, body=portal["pub"], year=2020, on=date(2020, 2, 1))
        with pytest.raises(ValidationError, match="尚未确认公布"):
            publish_annual_statistics(actor=bureau, body=portal["pending"], year=2019, on=date(2020, 1, 20))
        publish_annual_statistics(actor=clerk1, body=portal["pub"], year=2019, on=date(2020, 1, 20))
        with pytest.raises(ValidationError, match="已公布"):
            publish_annual_statistics(actor=clerk1, body=portal["pub"], year=2019, on=date(2020, 1, 21))
    assert AnnualStatistics.objects.count() == 1


def test_a_leader_cannot_publish(leader: Any, portal: dict[str, Any]) -> None:
    with time_machine.travel("2020-03-01T10:00+08:00", tick=False), pytest.raises(PermissionDenied):
        publish_annual_statistics(actor=leader, body=portal["pub"], year=2019, on=date(2020, 1, 20))


def test_the_demo_publishes_the_annual_reports_of_published_bodies(portal: dict[str, Any]) -> None:
    """The demo's 年报 (bulk): published bodies only, the same figures as the service's summary."""
    from fazhi.enforcement.annual import demo_annual

    assert demo_annual([portal["pub"], portal["pending"]], 2019, date(2020, 1, 20), late_every=1) == 1
    (row,) = AnnualStatistics.objects.all()
    assert row.body == portal["pub"] and row.late
    assert row.decisions == annual_summary(portal["pub"], 2019)["decisions"] == 3
