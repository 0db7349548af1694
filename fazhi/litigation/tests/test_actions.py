"""Issue 9 item 5 on the action runner: service date from the page, 不予立案 as a ruling (RULES §3)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.core.actions import TRUSTED, run
from fazhi.litigation import deadlines
from fazhi.litigation.actions import WORKFLOW
from fazhi.litigation.models import JudgmentKind, LitigationCase, Outcome, StatusChange, is_loss_outcome
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("pinned_clock")
BASE = "/api/v1/litigation/cases/"


def test_service_date_is_entered_from_the_page_and_starts_the_appeal_period(make_case, bureau) -> None:
    """RULES §3 (行诉法 Art 85): 15 days from service of the judgment; 待送达 until it is recorded."""
    case = make_case(served_on=date(2024, 9, 20))
    run(
        WORKFLOW,
        "judge",
        case,
        actor=bureau,
        data={"date": date(2024, 12, 2), "outcome": Outcome.REVOKED},
        version=TRUSTED,
    )
    case.refresh_from_db()
    assert deadlines.appeal_deadline(case, date(2024, 12, 3)).due is None  # 待送达, not from the judgment
    c = page(bureau)
    detail = reverse("litigation:case_detail", args=[case.pk])
    assert 'data-testid="form-serve_judgment"' in c.get(detail).content.decode()
    url = reverse("litigation:case_action", args=[case.pk, "serve_judgment"])
    r = c.post(url, {"date": "2024-12-05", "version": case.version})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.judgment_served_on == date(2024, 12, 5)
    assert deadlines.appeal_deadline(case, date(2024, 12, 6)).due == date(2024, 12, 20)
    # Once recorded it is no longer offered, and a second entry is refused in Chinese.
    assert 'data-testid="form-serve_judgment"' not in c.get(detail).content.decode()
    again = c.post(url, {"date": "2024-12-06", "version": case.version})
    assert again.status_code == 400 and "不能重复登记" in again.content.decode()


def test_service_date_before_the_judgment_is_refused_and_nothing_changes(make_case, bureau) -> None:
    case = make_case(served_on=date(2024, 9, 20))
    run(
        WORKFLOW,
        "judge",
        case,
        actor=bureau,
        data={"date": date(2024, 12, 2), "outcome": Outcome.REVOKED},
        version=TRUSTED,
    )
    case.refresh_from_db()
    url = reverse("litigation:case_action", args=[case.pk, "serve_judgment"])
    r = page(bureau).post(url, {"date": "2024-11-30", "version": case.version})
    assert r.status_code == 400 and "不能早于裁判日期" in r.content.decode()
    assert LitigationCase.objects.get(pk=case.pk).judgment_served_on is None


def test_not_filed_is_a_ruling_with_ten_days_and_not_a_loss(make_case, bureau) -> None:
    """RULES §3: 不予立案 is a ruling (10 days from service); it is not 败诉 (FIGURES litigation.lost
    lists only adverse judgments; like 驳回起诉 the court never reached the merits)."""
    case = make_case(served_on=date(2024, 9, 20))
    r = api(bureau).post(
        f"{BASE}{case.pk}/judge/",
        {"date": "2024-12-02", "outcome": "not_filed", "served_on": "2024-12-05", "version": 1},
        format="json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["judgment_kind"] == JudgmentKind.RULING and body["is_loss"] is False
    assert not is_loss_outcome(Outcome.NOT_FILED)
    case.refresh_from_db()
    # 10 days from 5 December end on Sunday 15 December: rolled to Monday the 16th (RULES §1).
    assert deadlines.appeal_deadline(case, date(2024, 12, 6)).due == date(2024, 12, 16)


def test_not_filed_entered_as_a_judgment_is_refused(make_case, bureau) -> None:
    case = make_case(served_on=date(2024, 9, 20))
    r = api(bureau).post(
        f"{BASE}{case.pk}/judge/",
        {"date": "2024-12-02", "outcome": "not_filed", "kind": "judgment", "version": 1},
        format="json",
    )
    assert r.status_code == 400 and "裁定" in r.json()["kind"][0]
    assert LitigationCase.objects.get(pk=case.pk).outcome == ""


def test_detail_lists_what_the_user_may_do_now(make_case, bureau, leader) -> None:
    case = make_case(served_on=date(2024, 9, 20))
    names = [a["name"] for a in api(bureau).get(f"{BASE}{case.pk}/").json()["actions"]]
    assert names == ["record_answer", "judge", "void", "assign"]  # 作废 and 分案: issue 15 items 3, 4
    assert api(leader).get(f"{BASE}{case.pk}/").json()["actions"] == []
    assert StatusChange.objects.filter(case=case).count() == 1
