"""Issue 8.8 / 9.3 from the entrances that were broken: ordinary input never gives a 500, writes need
the version they read (missing → 400, stale → 409 naming the newer change), nothing is saved then."""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any

import pytest
from django.db.models.signals import pre_save
from django.urls import reverse

from fazhi.litigation.models import LitigationCase, LossAccountability, Outcome
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import ID_NUMBER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
BASE = "/api/v1/litigation/cases/"


def payload(units: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {
        "court_case_number": "(2024)浙0381行初12号",
        "court": units["court"].pk,
        "plaintiffs": [{"name": "张三", "kind": "person", "id_number": ID_NUMBER}],
        "defendant": units["d01"].pk,
        "cause": "不服行政处罚决定",
        "act_category": "penalty",
        "served_on": "2024-09-20",
        **kw,
    }


def test_stale_version_is_409_naming_who_and_what(make_case, bureau, clerk1) -> None:
    """9.3: the second user gets a conflict naming the newer change, not 403 or a silent overwrite."""
    case = make_case(served_on=date(2024, 9, 20))
    first = api(clerk1).post(
        f"{BASE}{case.pk}/record-answer/", {"date": "2024-09-30", "version": 1}, format="json"
    )
    assert first.status_code == 200
    r = api(bureau).post(
        f"{BASE}{case.pk}/record-answer/", {"date": "2024-10-01", "version": 1}, format="json"
    )
    assert r.status_code == 409
    detail = r.json()["detail"]
    assert str(clerk1) in detail and "答辩举证" in detail and "2026年11月20日" in detail
    case.refresh_from_db()
    assert case.answer_filed_on == date(2024, 9, 30) and case.version == 2


def test_accountability_opened_by_another_user_is_409(make_case, bureau, clerk1) -> None:
    case = make_case(served_on=date(2019, 3, 1))
    v = api(bureau).post(
        f"{BASE}{case.pk}/judge/", {"date": "2019-05-01", "outcome": Outcome.REVOKED, "version": 1}
    )
    assert v.status_code == 200
    url = f"{BASE}{case.pk}/open-accountability/"
    assert api(clerk1).post(url, {"date": "2019-05-20", "version": 2}, format="json").status_code == 200
    r = api(bureau).post(url, {"date": "2019-05-21", "version": 2}, format="json")
    assert r.status_code == 409 and str(clerk1) in r.json()["detail"] and "败诉责任调查" in r.json()["detail"]
    assert LossAccountability.objects.get(case=case).opened_on == date(2019, 5, 20)


def test_stale_page_form_shows_the_conflict_and_saves_nothing(make_case, bureau, clerk1) -> None:
    """9.3: page forms carry the version; a stale one shows the same conflict message."""
    case = make_case(served_on=date(2024, 9, 20))
    html = page(clerk1).get(reverse("litigation:case_detail", args=[case.pk])).content.decode()
    assert 'name="version" value="1"' in html
    api(bureau).post(f"{BASE}{case.pk}/record-answer/", {"date": "2024-09-30", "version": 1}, format="json")
    r = page(clerk1).post(
        reverse("litigation:case_action", args=[case.pk, "record_answer"]),
        {"date": "2024-10-01", "version": 1},
    )
    assert "两人同时编辑" in r.content.decode() and str(bureau) in r.content.decode()
    case.refresh_from_db()
    assert case.answer_filed_on == date(2024, 9, 30)


@pytest.mark.parametrize("param", ["q", "status", "outcome", "org"])
def test_nul_bytes_in_filters_are_400_on_page_export_and_api(make_case, bureau, param) -> None:
    """8.8: PostgreSQL refuses NUL in a query; the answer is a Chinese 400 everywhere."""
    make_case()
    for client, url in (
        (page(bureau), reverse("litigation:case_list")),
        (page(bureau), reverse("litigation:case_export")),
        (api(bureau), BASE),
    ):
        r = client.get(url, {param: "a\x00b"})
        assert r.status_code == 400 and "空字符" in r.content.decode(), url


def _cursor(raw: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")


def test_malformed_cursor_is_first_page_on_the_page_and_400_on_the_api(make_case, bureau) -> None:
    """8.8: an edited cursor never reaches the SQL (was a 500 for a wrong value type)."""
    make_case()
    for cursor in (
        "%%%",
        _cursor({"t": "x", "v": {"a": 1}, "id": 1}),
        _cursor({"t": "d", "v": "x", "id": "y"}),
    ):
        r = page(bureau).get(reverse("litigation:case_list"), {"cursor": cursor})
        assert r.status_code == 200 and 'data-testid="invalid-cursor"' in r.content.decode()
    tampered = base64.b64encode(b"p=abc&r=0").decode()
    for cursor in ("a", tampered, base64.b64encode(b"p=99999999999999999999999").decode()):
        r = api(bureau).get(BASE, {"cursor": cursor})
        assert r.status_code == 400 and "分页游标无效" in r.json()["cursor"][0]


def _rival_registers(number: str, rival: LitigationCase) -> Any:
    """Simulate another user committing the same 案号 between our validation and our INSERT."""

    def receiver(sender: Any, instance: LitigationCase, **kw: Any) -> None:
        if instance.pk is None:
            LitigationCase.objects.filter(pk=rival.pk).update(court_case_number=number)

    return receiver


def test_simultaneous_same_court_case_number_is_a_chinese_error_on_api_and_page(
    make_case, units, bureau
) -> None:
    """8.8: the IntegrityError of the loser is a 400 naming the number, never a 500."""
    rival = make_case(number="(2024)浙0381行初99号")
    number = "(2024)浙0381行初12号"
    receiver = _rival_registers(number, rival)
    pre_save.connect(receiver, sender=LitigationCase)
    try:
        r = api(bureau).post(BASE, payload(units, court_case_number=number), format="json")
        assert r.status_code == 400 and "已由他人同时登记" in r.json()["court_case_number"][0]
        LitigationCase.objects.filter(pk=rival.pk).update(court_case_number="(2024)浙0381行初99号")
        form = {
            "court_case_number": number,
            "court": units["court"].pk,
            "instance": "first",
            "defendant": units["d01"].pk,
            "cause": "不服行政处罚决定",
            "act_category": "penalty",
            "served_on": "2024-09-20",
            "plaintiff_name_1": "张三",
            "plaintiff_kind_1": "person",
        }
        html = page(bureau).post(reverse("litigation:case_create"), form).content.decode()
    finally:
        pre_save.disconnect(receiver, sender=LitigationCase)
    assert LitigationCase.objects.count() == 1
    assert "已由他人同时登记" in html or "法院案号" in html


@pytest.mark.parametrize("served_on", ["0002-01-01", "1989-12-31", "2026-11-21"])
def test_implausible_dates_are_refused_by_api_and_page(units, bureau, served_on) -> None:
    """8.8: no 0002-01-01 and no service in the future (shared range check in core.dates)."""
    r = api(bureau).post(BASE, payload(units, served_on=served_on), format="json")
    assert r.status_code == 400 and "收到起诉状副本日期" in str(r.json())
    assert not LitigationCase.objects.exists()


def test_too_long_text_is_400_not_a_database_error(make_case, bureau) -> None:
    case = make_case(served_on=date(2024, 9, 20))
    api(bureau).post(f"{BASE}{case.pk}/record-answer/", {"date": "2024-09-30", "version": 1}, format="json")
    r = api(bureau).post(
        f"{BASE}{case.pk}/add-session/",
        {"date": "2024-11-05", "head_appeared": False, "absence_reason": "因" * 201, "version": 2},
        format="json",
    )
    assert r.status_code == 400 and "absence_reason" in r.json()
    assert not LitigationCase.objects.get(pk=case.pk).sessions.exists()
