"""Issue 8.8 / 9.3 for 行政争议化解, from the entrances that were broken (API, page, export)."""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from fazhi.disputes.models import Dispute, Status
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import ID_NUMBER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
BASE = "/api/v1/disputes/"


def body(units: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {
        "org": units["d01"].pk,
        "source": "pre_litigation",
        "channel": "responsible_agency",
        "opened_on": "2019-03-01",
        "summary": "征收补偿标准争议",
        "parties": [{"name": "张三", "kind": "person", "id_number": ID_NUMBER}],
        **kw,
    }


@pytest.mark.parametrize("opened_on", ["0002-01-01", "1989-12-31", "2026-11-21"])
def test_implausible_opened_on_is_refused_by_api_and_page(units, bureau, opened_on) -> None:
    """8.8: 0002-01-01 was stored; now the shared range check refuses it from every entrance."""
    r = api(bureau).post(BASE, body(units, opened_on=opened_on), format="json")
    assert r.status_code == 400 and ("1990年1月1日" in str(r.json()) or "今天" in str(r.json()))
    form = {
        "org": units["d01"].pk,
        "source": "pre_litigation",
        "channel": "responsible_agency",
        "opened_on": opened_on,
        "summary": "征收补偿标准争议",
        "party_kind": "person",
    }
    html = page(bureau).post(reverse("disputes:dispute_create"), form).content.decode()
    assert "受理日期" in html and ("不能早于" in html or "不能晚于" in html)
    assert not Dispute.objects.exists()


def test_close_date_in_year_two_is_refused(make_dispute, bureau) -> None:
    d = make_dispute()
    r = api(bureau).post(
        f"{BASE}{d.pk}/close/", {"date": "0002-01-01", "resolved": True, "version": 1}, format="json"
    )
    assert r.status_code == 400 and "不能早于" in str(r.json())
    d.refresh_from_db()
    assert d.status == Status.OPEN and d.closed_on is None and d.version == 1


def test_close_without_version_is_400_and_stale_is_409(make_dispute, bureau, clerk1) -> None:
    """9.3: missing version → 400 缺少版本号; a close another user already made → 409 naming them."""
    d = make_dispute()
    url = f"{BASE}{d.pk}/close/"
    r = api(bureau).post(url, {"date": "2019-04-01", "resolved": True}, format="json")
    assert r.status_code == 400 and "缺少版本号" in r.json()["version"][0]
    assert (
        api(clerk1)
        .post(url, {"date": "2019-04-01", "resolved": True, "version": 1}, format="json")
        .status_code
        == 200
    )
    r = api(bureau).post(url, {"date": "2019-04-02", "resolved": False, "version": 1}, format="json")
    assert r.status_code == 409 and str(clerk1) in r.json()["detail"]
    d.refresh_from_db()
    assert d.closed_on == date(2019, 4, 1) and d.resolved is True and d.version == 2


def test_stale_close_page_form_shows_the_conflict(make_dispute, bureau, clerk1) -> None:
    d = make_dispute()
    assert (
        'name="version" value="1"'
        in page(bureau).get(reverse("disputes:dispute_detail", args=[d.pk])).content.decode()
    )
    api(clerk1).post(
        f"{BASE}{d.pk}/close/", {"date": "2019-04-01", "resolved": True, "version": 1}, format="json"
    )
    r = page(bureau).post(
        reverse("disputes:dispute_close", args=[d.pk]), {"date": "2019-04-02", "resolved": "0", "version": 1}
    )
    assert "两人同时编辑" in r.content.decode()
    d.refresh_from_db()
    assert d.resolved is True


@pytest.mark.parametrize("param", ["q", "status", "source", "org"])
def test_nul_bytes_in_filters_are_400(make_dispute, bureau, param) -> None:
    make_dispute()
    for client, url in (
        (page(bureau), reverse("disputes:dispute_list")),
        (page(bureau), reverse("disputes:dispute_export")),
        (api(bureau), BASE),
    ):
        r = client.get(url, {param: "\x00"})
        assert r.status_code == 400 and "空字符" in r.content.decode(), url


def test_malformed_cursor_gives_the_first_page(make_dispute, bureau) -> None:
    make_dispute()
    for raw in ({"t": "x", "v": {"a": 1}, "id": 1}, {"t": "x", "v": "2019-03-01", "id": "x"}, "garbage"):
        cursor = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")
        r = page(bureau).get(reverse("disputes:dispute_list"), {"cursor": cursor})
        assert r.status_code == 200 and 'data-testid="invalid-cursor"' in r.content.decode()
    r = api(bureau).get(BASE, {"cursor": "a"})
    assert r.status_code == 400 and "分页游标无效" in r.json()["cursor"][0]
