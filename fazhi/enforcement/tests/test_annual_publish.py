"""Publishing the 执法数据年报 from inside the platform (国办发〔2018〕118号: each body's figures of the year,
due 31 January of the next year): the bureau's page and ``POST /api/v1/enforcement/bodies/{id}/annual-
statistics/`` go through the body's step ``annual_statistics`` (version checked, audited); the body's own
unit publishes it (118号: each body publishes its own figures), a leader cannot (403), another unit's body is
a 404; a year not over and a second publication are refused in
Chinese and change nothing; the portal shows the 年报 only once published."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEvent
from fazhi.enforcement.annual import AnnualStatistics
from fazhi.enforcement.tests import factories as f
from fazhi.testing.clients import api, page

pytestmark = pytest.mark.django_db
PAGE = "/enforcement/annual/"
CERT = (date(2018, 1, 1), date(2022, 12, 31))


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel("2020-03-02T10:00+08:00", tick=False):
        yield


@pytest.fixture
def body(bureau, units):  # type: ignore[no-untyped-def]
    b = f.body(bureau, units["d01"], "执法主体d01", published=date(2019, 3, 1))
    f.action(bureau, b, "许1", date(2019, 4, 1), action_type="license")
    f.publicize(bureau, f.action(bureau, b, "许2", date(2019, 5, 6), action_type="license"), date(2019, 5, 7))
    f.action(bureau, b, "许3", date(2020, 1, 6), action_type="license")  # the next year: not counted
    b.refresh_from_db()
    return b


def _portal(year: int) -> str:
    resp = Client().get(reverse("portal_enforcement:annual"), {"year": year})
    assert resp.status_code == 200
    return resp.content.decode()


def test_the_bureau_publishes_from_the_page(bureau, body) -> None:
    client = page(bureau)
    html = client.get(PAGE, {"year": 2019}).content.decode()
    row = html.split(f'data-annual-body="{body.pk}"')[1].split("</tr>")[0]
    assert ">2<" in row and "行政许可 2" in row and 'data-testid="annual-publish"' in row  # as they stand
    assert 'data-annual="' not in _portal(2019)  # not published yet
    resp = client.post(PAGE, {"body": body.pk, "year": 2019, "date": "2020-01-20", "version": body.version})
    assert resp.status_code == 302 and resp["Location"].endswith("?year=2019")
    (a,) = AnnualStatistics.objects.all()
    assert (a.body_id, a.year, a.decisions, a.must_publicize, a.publicized_on_time) == (
        body.pk,
        2019,
        2,
        2,
        1,
    )
    assert not a.late and a.created_by == bureau
    assert AuditEvent.objects.filter(action="enforcement.annual_statistics", object_id=str(a.pk)).count() == 1
    after = client.get(PAGE, {"year": 2019}).content.decode()
    assert "已公布" in after and "2020年1月20日" in after and 'data-testid="annual-publish"' not in after
    assert f'data-annual="{a.pk}"' in _portal(2019)


def test_the_body_publishes_its_own(clerk1, clerk2, body) -> None:
    """国办发〔2018〕118号: 行政执法机关 publish their own 年度数据 — the body's unit staff, not only the bureau."""
    assert 'data-testid="annual-publish"' in page(clerk1).get(PAGE, {"year": 2019}).content.decode()
    assert f'data-annual-body="{body.pk}"' not in page(clerk2).get(PAGE, {"year": 2019}).content.decode()
    data = {"body": body.pk, "year": 2019, "date": "2020-01-20", "version": body.version}
    assert page(clerk1).post(PAGE, data).status_code == 302
    (a,) = AnnualStatistics.objects.all()
    assert a.created_by == clerk1 and a.decisions == 2


def test_page_refusals_change_nothing(bureau, leader, clerk2, body) -> None:
    data = {"body": body.pk, "year": 2019, "date": "2020-01-20", "version": body.version}
    assert page(leader).post(PAGE, data).status_code == 403  # leaders read, they do not publish
    assert 'data-testid="annual-publish"' not in page(leader).get(PAGE, {"year": 2019}).content.decode()
    assert page(clerk2).post(PAGE, data).status_code == 404  # another unit's body
    client = page(bureau)
    resp = client.post(PAGE, {**data, "year": 2020, "date": "2020-03-01"})
    assert resp.status_code == 400 and "2020年度尚未结束" in resp.content.decode()
    current = client.get(PAGE, {"year": 2020}).content.decode()
    assert 'data-testid="annual-not-over"' in current and 'data-testid="annual-publish"' not in current
    stale = client.post(PAGE, {**data, "version": body.version + 5})
    assert stale.status_code == 400 and "已由" in stale.content.decode()  # the version check
    assert AnnualStatistics.objects.count() == 0
    assert client.post(PAGE, data).status_code == 302
    again = client.post(PAGE, {**data, "date": "2020-01-21"})
    assert again.status_code == 400 and "2019年度的执法数据年报已公布" in again.content.decode()
    assert AnnualStatistics.objects.count() == 1
    bad = client.get(PAGE, {"year": "abc"})
    assert bad.status_code == 200 and "年度「abc」无效" in bad.content.decode()


def test_api_publishes_and_refuses(bureau, leader, clerk2, body) -> None:
    url = f"/api/v1/enforcement/bodies/{body.pk}/annual-statistics/"
    data: dict[str, Any] = {"year": 2019, "date": "2020-02-03", "version": body.version}
    denied = api(leader).post(url, data, format="json")
    assert denied.status_code == 403 and "不能" in str(denied.json())  # a leader reads only
    assert api(clerk2).post(url, data, format="json").status_code == 404
    assert (
        api(bureau).post(url, {k: v for k, v in data.items() if k != "version"}, format="json").status_code
        == 400
    )
    assert api(bureau).post(url, {**data, "version": body.version + 1}, format="json").status_code == 409
    not_over = api(bureau).post(url, {**data, "year": 2020}, format="json")
    assert not_over.status_code == 400 and "年度尚未结束" in str(not_over.json())
    assert AnnualStatistics.objects.count() == 0
    ok = api(bureau).post(url, data, format="json")
    assert ok.status_code == 200 and ok.json()["id"] == body.pk
    (a,) = AnnualStatistics.objects.all()
    assert a.late and a.decisions == 2  # published 3 Feb 2020, after the due day of 31 Jan 2020
    again = api(bureau).post(url, data, format="json")
    assert again.status_code == 400 and "已公布" in str(again.json())
    assert AnnualStatistics.objects.count() == 1
