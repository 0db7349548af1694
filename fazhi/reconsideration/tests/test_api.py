"""``/api/v1/reconsideration/cases/``: create, list, retrieve, one POST per transition; scope and masking."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from fazhi.core.pii import mask_id
from fazhi.reconsideration.models import ReconsiderationCase, Status
from fazhi.testing.factories import ID_NUMBER, applicant

BASE = "/api/v1/reconsideration/cases/"


@pytest.fixture
def api():  # type: ignore[no-untyped-def]
    return APIClient()


def _create(api, police, **kw):  # type: ignore[no-untyped-def]
    body = {
        "received_on": "2024-03-01",
        "respondent": police.pk,
        "applicants": [applicant()],
        "contested_act": "治安管理处罚决定",
        "field": "public_security",
        "act_category": "penalty",
        "procedure": "ordinary",
        "channel": "window",
        **kw,
    }
    return api.post(BASE, body, format="json")


def test_full_lifecycle(api, bureau, police):  # type: ignore[no-untyped-def]
    api.force_authenticate(bureau)
    response = _create(api, police)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["number"].endswith("〔2024〕1号") and data["status"] == Status.RECEIVED
    assert data["acceptance_due"] and data["applicants"][0]["id_number"] == ID_NUMBER
    pk, version = data["id"], data["version"]
    steps = [
        ("accept", {"date": "2024-03-04"}),
        ("send-copy", {"date": "2024-03-05"}),
        ("record-answer", {"date": "2024-03-12"}),
        ("suspend", {"date": "2024-03-15", "reason": "等待另案"}),
        ("resume", {"date": "2024-03-25"}),
        ("extend", {"date": "2024-04-10", "days": 30, "reason": "案情复杂"}),
        ("conclude", {"date": "2024-05-20", "outcome": "revoked"}),
    ]
    for name, body in steps:
        response = api.post(f"{BASE}{pk}/{name}/", {**body, "version": version}, format="json")
        assert response.status_code == 200, (name, response.json())
        version = response.json()["version"]
    data = response.json()
    assert data["status"] == Status.CONCLUDED and data["outcome"] == "revoked"
    assert data["accepted_on"] == "2024-03-04" and data["concluded_on"] == "2024-05-20"
    assert data["decision_due"] and data["is_overdue"] is False


def test_decline_and_correction_actions(api, bureau, police):  # type: ignore[no-untyped-def]
    api.force_authenticate(bureau)
    pk = _create(api, police).json()["id"]
    assert (
        api.post(
            f"{BASE}{pk}/request-correction/",
            {"date": "2024-03-04", "items": "补充材料", "version": 1},
            format="json",
        ).json()["status"]
        == Status.CORRECTION
    )
    assert (
        api.post(
            f"{BASE}{pk}/decline/",
            {"date": "2024-03-05", "reason": "逾期未补正", "version": 2},
            format="json",
        ).json()["status"]
        == Status.DECLINED
    )


def test_invalid_transition_is_400_in_chinese_and_changes_nothing(api, bureau, police):  # type: ignore[no-untyped-def]
    api.force_authenticate(bureau)
    pk = _create(api, police).json()["id"]
    response = api.post(
        f"{BASE}{pk}/conclude/", {"date": "2024-03-05", "outcome": "upheld", "version": 1}, format="json"
    )
    assert response.status_code == 400 and "不能执行「审结」" in response.json()["detail"]
    response = api.post(
        f"{BASE}{pk}/extend/", {"date": "2024-03-05", "days": 40, "reason": "x", "version": 1}, format="json"
    )
    assert response.status_code == 400
    case = ReconsiderationCase.objects.get(pk=pk)
    assert case.status == Status.RECEIVED and case.version == 1


def test_create_validates_id_numbers(api, bureau, police):  # type: ignore[no-untyped-def]
    api.force_authenticate(bureau)
    response = _create(api, police, applicants=[applicant(id_number="330381198005171230")])
    assert response.status_code == 400 and "校验位" in str(response.json())
    assert not ReconsiderationCase.objects.exists()


def test_scope_and_masking_for_clerks(api, receive, clerk, land):  # type: ignore[no-untyped-def]
    own = receive(date(2024, 3, 1))
    other = receive(date(2024, 3, 1), respondent=land)
    api.force_authenticate(clerk)
    listed = api.get(BASE).json()["results"]
    assert [c["number"] for c in listed] == [own.number]
    assert listed[0]["applicants"][0]["id_number"] == mask_id(ID_NUMBER)
    assert api.get(f"{BASE}{other.pk}/").status_code == 404
    assert (
        api.post(
            f"{BASE}{other.pk}/record-answer/", {"date": "2024-03-10", "version": 1}, format="json"
        ).status_code
        == 404
    )
    response = api.post(f"{BASE}{own.pk}/accept/", {"date": "2024-03-04", "version": 1}, format="json")
    assert response.status_code == 403


def test_clerk_cannot_create_for_other_unit(api, clerk, land):  # type: ignore[no-untyped-def]
    api.force_authenticate(clerk)
    assert _create(api, land).status_code == 400


def test_leader_reads_only(api, receive, leader, police):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    api.force_authenticate(leader)
    assert api.get(f"{BASE}{case.pk}/").status_code == 200
    assert (
        api.post(f"{BASE}{case.pk}/accept/", {"date": "2024-03-04", "version": 1}, format="json").status_code
        == 403
    )


def test_list_filters(api, receive, bureau, land):  # type: ignore[no-untyped-def]
    receive(date(2024, 3, 1))
    theirs = receive(date(2024, 3, 2), respondent=land)
    api.force_authenticate(bureau)
    listed = api.get(BASE, {"org": land.pk}).json()["results"]
    assert [c["number"] for c in listed] == [theirs.number]


def test_anonymous_is_refused(api):  # type: ignore[no-untyped-def]
    assert api.get(BASE).status_code in (401, 403)


def test_openapi_schema_lists_every_action(api, bureau):  # type: ignore[no-untyped-def]
    api.force_authenticate(bureau)
    schema = api.get("/api/v1/schema/", {"format": "json"}).content.decode()
    for name in (
        "accept",
        "decline",
        "request-correction",
        "suspend",
        "resume",
        "extend",
        "record-answer",
        "conclude",
    ):
        assert f"/api/v1/reconsideration/cases/{{id}}/{name}/" in schema


def test_list_query_count_does_not_grow_with_rows(api, receive, bureau, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    api.force_authenticate(bureau)
    receive(date(2024, 3, 1))
    api.get(BASE)
    with django_assert_max_num_queries(12) as few:
        api.get(BASE)
    for day in range(2, 30):
        receive(date(2024, 3, day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(BASE).json()["results"]) == 29


def test_administrators_see_no_business_data(api, client, receive):  # type: ignore[no-untyped-def]
    """三员分立 (RULES.md §9): the system administrator sees no cases, on pages and API alike."""
    from fazhi.orgs.models import Role
    from fazhi.testing.factories import make_user

    case = receive(date(2024, 3, 1))
    admin = make_user(Role.SYSADMIN, username="sysadmin")
    api.force_authenticate(admin)
    assert api.get(BASE).status_code == 403
    client.force_login(admin)
    assert client.get(f"/reconsideration/{case.pk}/").status_code == 403
