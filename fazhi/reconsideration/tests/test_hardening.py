"""Issue 8.8 / 9.3 for 行政复议, from the entrances that were broken (API, page, export)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.reconsideration.models import ReconsiderationCase, Status
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import applicant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
BASE = "/api/v1/reconsideration/cases/"


def test_transfer_to_over_100_characters_is_400_in_chinese(receive, bureau) -> None:
    """8.8: was a PostgreSQL 500 (varchar(100)); RULES §2, 行政复议法 Art 30 告知."""
    case = receive(date(2024, 3, 1))
    r = api(bureau).post(
        f"{BASE}{case.pk}/transfer/",
        {"date": "2024-03-04", "transfer_to": "某" * 101, "version": 1},
        format="json",
    )
    assert r.status_code == 400 and "transfer_to" in r.json()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED and case.transfer_to == "" and case.version == 1


def test_suspend_reason_over_300_characters_is_400_in_chinese(receive, bureau) -> None:
    """8.8: Suspension.reason is varchar(300); 行政复议法 Art 39 中止."""
    case = receive(date(2024, 3, 1))
    accepted = api(bureau).post(
        f"{BASE}{case.pk}/accept/", {"date": "2024-03-04", "version": 1}, format="json"
    )
    assert accepted.status_code == 200
    r = api(bureau).post(
        f"{BASE}{case.pk}/suspend/", {"date": "2024-03-10", "reason": "因" * 301, "version": 2}, format="json"
    )
    assert r.status_code == 400 and "reason" in r.json()
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and not case.suspensions.exists()


def test_service_refuses_over_long_transfer_to_for_every_caller(receive, bureau) -> None:
    """The page and import go through the service: it refuses too (PostgreSQL would 500)."""
    from django.core.exceptions import ValidationError

    from fazhi.core.actions import run
    from fazhi.reconsideration.actions import WORKFLOW

    case = receive(date(2024, 3, 1))
    with pytest.raises(ValidationError, match="不能超过100个字"):
        run(
            WORKFLOW,
            "transfer",
            case,
            actor=bureau,
            data={"date": date(2024, 3, 4), "transfer_to": "某" * 101},
            version=1,
        )


def test_transition_another_user_made_is_409_naming_them(receive, bureau) -> None:
    """9.3: "该行政复议案件已由 X 于 … 受理", not "您的角色无权使用此功能"."""
    from fazhi.orgs.models import Role
    from fazhi.testing.factories import bureau_unit, make_user

    colleague = make_user(Role.BUREAU, bureau_unit(), username="colleague")
    case = receive(date(2024, 3, 1))
    assert (
        api(colleague).post(f"{BASE}{case.pk}/accept/", {"date": "2024-03-04", "version": 1}).status_code
        == 200
    )
    r = api(bureau).post(f"{BASE}{case.pk}/accept/", {"date": "2024-03-05", "version": 1}, format="json")
    assert r.status_code == 409
    detail = r.json()["detail"]
    assert f"已由{colleague}" in detail and "受理" in detail and "2026年11月20日" in detail
    case.refresh_from_db()
    assert case.accepted_on == date(2024, 3, 4) and case.version == 2


@pytest.mark.parametrize("received_on", ["0002-01-01", "1989-12-31"])
def test_implausible_received_on_is_refused(bureau, police, received_on) -> None:
    body = {
        "received_on": received_on,
        "respondent": police.pk,
        "applicants": [applicant()],
        "contested_act": "治安管理处罚决定",
        "field": "public_security",
        "act_category": "penalty",
    }
    r = api(bureau).post(BASE, body, format="json")
    assert r.status_code == 400 and "1990年1月1日" in str(r.json())
    assert not ReconsiderationCase.objects.exists()


def test_action_date_in_year_two_is_refused(receive, bureau) -> None:
    case = receive(date(2024, 3, 1))
    r = api(bureau).post(f"{BASE}{case.pk}/accept/", {"date": "0002-01-01", "version": 1}, format="json")
    assert r.status_code == 400 and "1990年1月1日" in str(r.json())


@pytest.mark.parametrize("param", ["q", "status", "field", "respondent"])
def test_nul_bytes_in_filters_are_400(receive, bureau, param) -> None:
    receive(date(2024, 3, 1))
    for client, url in (
        (page(bureau), reverse("reconsideration:case_list")),
        (page(bureau), reverse("reconsideration:case_export")),
        (api(bureau), BASE),
    ):
        r = client.get(url, {param: "x\x00"})
        assert r.status_code == 400 and "空字符" in r.content.decode(), url


def test_reports_pages_and_figures_api_refuse_nul_and_admins(bureau, gov) -> None:
    """8.8 also for 报告: NUL → 400; administrators get 403 on the figures API like every business API."""
    from fazhi.orgs.models import Role
    from fazhi.testing.factories import bureau_unit, make_user

    assert page(bureau).get(reverse("reports:report_list"), {"year": "\x00"}).status_code == 400
    assert api(bureau).get("/api/v1/figures/", {"year": "2019\x00"}).status_code == 400
    admin = make_user(Role.AUDITOR, bureau_unit(), username="auditor")
    r = api(admin).get("/api/v1/figures/", {"year": 2019})
    assert r.status_code == 403 and "三员分立" in r.json()["detail"]
