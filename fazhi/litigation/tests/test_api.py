"""``/api/v1/litigation/cases/``: create, one POST per transition, computed deadlines, scope, masking."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from fazhi.audit.models import AuditEvent
from fazhi.core.pii import mask_id
from fazhi.litigation.models import LitigationCase, LossAccountability, Status
from fazhi.testing.factories import ID_NUMBER

pytestmark = pytest.mark.django_db
BASE = "/api/v1/litigation/cases/"


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    c = APIClient()
    c.force_authenticate(user)
    return c


def payload(units, **kw):  # type: ignore[no-untyped-def]
    return {
        "court_case_number": "(2024)浙0381行初12号",
        "court": units["court"].pk,
        "instance": "first",
        "plaintiffs": [{"name": "张三", "kind": "person", "id_number": ID_NUMBER, "phone": "13812345678"}],
        "defendant": units["d01"].pk,
        "cause": "不服行政处罚决定",
        "act_category": "penalty",
        "served_on": "2024-09-20",
        **kw,
    }


def test_walk_from_service_to_accountability(units, clerk1) -> None:
    c = api(clerk1)
    r = c.post(BASE, payload(units), format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    # RULES §3, 行政诉讼法 Art 67: 15 calendar days from 2024-09-20 end in 国庆 → 2024-10-08
    assert body["answer_due"] == "2024-10-08" and body["appeal_due"] is None
    assert body["is_loss"] is False and body["status"] == Status.SERVED
    assert body["plaintiffs"][0]["id_number"] == mask_id(ID_NUMBER)
    pk = body["id"]
    r = c.post(f"{BASE}{pk}/record-answer/", {"date": "2024-09-30", "version": 1}, format="json")
    assert r.status_code == 200 and r.json()["status"] == Status.ANSWERED
    r = c.post(
        f"{BASE}{pk}/add-session/",
        {
            "date": "2024-11-05",
            "head_appeared": True,
            "head_name": "李局长",
            "head_post": "principal",
            "version": 2,
        },
        format="json",
    )
    assert r.status_code == 200 and r.json()["sessions"][0]["head_counts"] is True
    r = c.post(
        f"{BASE}{pk}/judge/",
        {"date": "2024-12-02", "outcome": "revoked", "version": 3},
        format="json",
    )
    body = r.json()
    # RULES §3, 行政诉讼法 Art 85: no service date yet → 待送达, never counted from the judgment date
    assert body["is_loss"] is True and body["appeal_due"] == "待送达"
    r = c.post(f"{BASE}{pk}/serve-judgment/", {"date": "2024-12-02", "version": 4}, format="json")
    assert r.status_code == 200, r.content
    # 撤销 is a judgment (the kind follows from the outcome): 15 days from service 2024-12-02 → 2024-12-17
    assert r.json()["appeal_due"] == "2024-12-17"
    r = c.post(f"{BASE}{pk}/appeal/", {"date": "2024-12-10", "filed": False, "version": 5}, format="json")
    assert r.json()["status"] == Status.FINAL
    r = c.post(f"{BASE}{pk}/open-accountability/", {"date": "2024-12-20", "version": 6}, format="json")
    assert r.status_code == 200 and r.json()["accountability"]["opened_on"] == "2024-12-20"
    assert LossAccountability.objects.filter(case_id=pk).exists()
    assert AuditEvent.objects.filter(object_type="litigation.litigationcase", object_id=str(pk)).count() == 7


def test_invalid_transition_is_400_in_chinese_and_changes_nothing(units, bureau) -> None:
    c = api(bureau)
    pk = c.post(BASE, payload(units), format="json").json()["id"]
    r = c.post(f"{BASE}{pk}/appeal/", {"date": "2024-12-10", "version": 1}, format="json")
    assert r.status_code == 400 and "不能执行「上诉决定」" in r.json()["detail"]
    r = c.post(
        f"{BASE}{pk}/judge/", {"date": "2024-12-10", "outcome": "nonsense", "version": 1}, format="json"
    )
    assert r.status_code == 400
    r = c.post(f"{BASE}{pk}/open-accountability/", {"date": "2024-12-10", "version": 1}, format="json")
    assert r.status_code == 400 and "不是败诉案件" in r.json()["detail"]
    case = LitigationCase.objects.get(pk=pk)
    assert case.status == Status.SERVED and case.version == 1 and case.outcome == ""


def test_create_validation_messages_are_chinese(units, bureau) -> None:
    r = api(bureau).post(BASE, payload(units, court_case_number="2024-12"), format="json")
    assert r.status_code == 400 and "法院案号" in str(r.json())
    r = api(bureau).post(
        BASE, payload(units, plaintiffs=[{"name": "甲", "kind": "person", "id_number": "1"}]), format="json"
    )
    assert r.status_code == 400 and "身份证号" in str(r.json())
    assert not LitigationCase.objects.exists()


def test_scope_masking_and_leader_read_only(units, bureau, clerk1, clerk2, leader) -> None:
    pk = api(bureau).post(BASE, payload(units), format="json").json()["id"]
    assert api(bureau).get(f"{BASE}{pk}/").json()["plaintiffs"][0]["id_number"] == ID_NUMBER
    assert api(clerk2).get(f"{BASE}{pk}/").status_code == 404
    assert api(clerk2).get(BASE).json()["results"] == []
    assert [r["id"] for r in api(clerk1).get(BASE).json()["results"]] == [pk]
    assert api(leader).get(f"{BASE}{pk}/").json()["plaintiffs"][0]["phone"] == "138****5678"
    r = api(leader).post(f"{BASE}{pk}/record-answer/", {"date": "2024-09-30", "version": 1}, format="json")
    assert r.status_code == 403
    r = api(clerk2).post(f"{BASE}{pk}/record-answer/", {"date": "2024-09-30", "version": 1}, format="json")
    assert r.status_code == 404
    r = api(clerk2).post(BASE, payload(units, court_case_number="(2024)浙0381行初13号"), format="json")
    assert r.status_code == 403


def test_list_filters_and_overdue_flag(units, bureau) -> None:
    c = api(bureau)
    c.post(BASE, payload(units, served_on="2019-03-01"), format="json")
    c.post(
        BASE,
        payload(
            units, court_case_number="(2019)浙0381行初2号", served_on="2019-08-01", defendant=units["d02"].pk
        ),
        format="json",
    )
    rows = c.get(BASE, {"org": units["d02"].pk}).json()["results"]
    assert [r["court_case_number"] for r in rows] == ["(2019)浙0381行初2号"]
    assert all(r["is_overdue"] for r in c.get(BASE).json()["results"])  # answers never filed, long past due
    assert date.fromisoformat(rows[0]["answer_due"]) > date(2019, 8, 1)


def test_list_has_no_query_per_case(units, bureau, django_assert_max_num_queries) -> None:
    c = api(bureau)
    for i in range(30):
        pk = c.post(
            BASE,
            payload(units, court_case_number=f"(2019)浙0381行初{i + 1}号", served_on="2019-03-01"),
            format="json",
        ).json()["id"]
        c.post(
            f"{BASE}{pk}/judge/", {"date": "2019-05-01", "outcome": "revoked", "version": 1}, format="json"
        )
        c.post(f"{BASE}{pk}/open-accountability/", {"date": "2019-05-20", "version": 2}, format="json")
    with django_assert_max_num_queries(12):
        rows = c.get(BASE, {"page_size": 100}).json()["results"]
    assert len(rows) == 30 and all(r["accountability"]["opened_on"] == "2019-05-20" for r in rows)


def test_appeal_period_waits_for_service_of_the_judgment(units, clerk1) -> None:
    """RULES §3, 行诉法 Art 85: the appeal period runs from service; "待送达" until recorded, not from the
    judgment date; a service date before the judgment is refused in Chinese and changes nothing."""
    c = api(clerk1)
    pk = c.post(BASE, payload(units), format="json").json()["id"]
    r = c.post(f"{BASE}{pk}/record-answer/", {"date": "2024-09-30", "version": 1}, format="json")
    assert r.status_code == 200, r.content
    body = c.post(
        f"{BASE}{pk}/judge/", {"date": "2024-12-02", "outcome": "claim_rejected", "version": 2}, format="json"
    ).json()
    assert body["appeal_due"] == "待送达" and body["judgment_served_on"] is None
    r = c.post(f"{BASE}{pk}/serve-judgment/", {"date": "2024-12-01", "version": 3}, format="json")
    assert r.status_code == 400 and "不能早于裁判日期" in r.content.decode()
    r = c.post(f"{BASE}{pk}/serve-judgment/", {"date": "2024-12-06", "version": 3}, format="json")
    # a judgment: 15 calendar days from 2024-12-06 → 2024-12-21 (Saturday) → next working day 2024-12-23
    assert r.status_code == 200 and r.json()["appeal_due"] == "2024-12-23"


def _judged(units, clerk1, number: str, outcome: str, kind: str | None = None):  # type: ignore[no-untyped-def]
    c = api(clerk1)
    pk = c.post(BASE, payload(units, court_case_number=number), format="json").json()["id"]
    assert (
        c.post(f"{BASE}{pk}/record-answer/", {"date": "2024-09-30", "version": 1}, format="json").status_code
        == 200
    )
    body = {"date": "2024-12-02", "outcome": outcome, "version": 2}
    if kind:
        body["kind"] = kind
    return c, pk, c.post(f"{BASE}{pk}/judge/", body, format="json")


def test_ruling_or_judgment_follows_from_the_outcome(units, clerk1) -> None:
    """RULES §3, 行政诉讼法 Art 85: 驳回起诉 is a ruling (appeal 10 days from service), a merits outcome a
    judgment (15 days); a kind that contradicts the outcome is refused in Chinese and changes nothing."""
    c, pk, r = _judged(units, clerk1, "(2024)浙0381行初21号", "suit_dismissed", "judgment")
    assert r.status_code == 400 and "应以裁定作出" in r.content.decode()
    assert LitigationCase.objects.get(pk=pk).outcome == "" and LitigationCase.objects.get(pk=pk).version == 2
    r = c.post(
        f"{BASE}{pk}/judge/", {"date": "2024-12-02", "outcome": "suit_dismissed", "version": 2}, format="json"
    )
    assert r.status_code == 200 and r.json()["judgment_kind"] == "ruling"
    r = c.post(f"{BASE}{pk}/serve-judgment/", {"date": "2024-12-06", "version": 3}, format="json")
    assert r.json()["appeal_due"] == "2024-12-16"  # 10 days from service (a Monday)
    _, pk2, r = _judged(units, clerk1, "(2024)浙0381行初22号", "revoked")
    assert r.status_code == 200 and r.json()["judgment_kind"] == "judgment"


@pytest.mark.parametrize("outcome", ["pact_performance", "pact_remedy", "pact_damages"])
def test_administrative_agreement_judgments_are_losses(units, clerk1, outcome: str) -> None:
    """RULES §3, 行政诉讼法 Art 78: in 行政协议 cases a judgment that the body continue performance, take
    remedial measures or pay damages is 败诉, and counts in litigation.lost."""
    from fazhi.litigation import stats
    from fazhi.reports.figures import FigureQuery

    _, pk, r = _judged(units, clerk1, "(2024)浙0381行初23号", outcome)
    assert r.status_code == 200 and r.json()["is_loss"] is True
    figures = {
        f.key: f for f in stats.figures(FigureQuery.for_year(2024, LitigationCase.objects.get(pk=pk).org))
    }
    assert figures["litigation.lost"].value == 1 and figures["litigation.concluded"].value == 1
