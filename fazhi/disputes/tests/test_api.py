"""``/api/v1/disputes/``: create and ``close``, 400 in Chinese on invalid transitions, scope and masking."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from fazhi.core.pii import mask_id
from fazhi.disputes.models import Dispute, Status
from fazhi.testing.factories import ID_NUMBER

pytestmark = pytest.mark.django_db
BASE = "/api/v1/disputes/"


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    c = APIClient()
    c.force_authenticate(user)
    return c


def body(units, **kw):  # type: ignore[no-untyped-def]
    return {
        "org": units["d01"].pk,
        "source": "pre_litigation",
        "channel": "court",
        "opened_on": "2019-03-01",
        "summary": "征收补偿争议",
        "parties": [{"name": "张三", "kind": "person", "id_number": ID_NUMBER}],
        **kw,
    }


def test_create_and_close(units, clerk1) -> None:
    r = api(clerk1).post(BASE, body(units), format="json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["number"] == "示争〔2019〕1号" and data["parties"][0]["id_number"] == mask_id(ID_NUMBER)
    r = api(clerk1).post(
        f"{BASE}{data['id']}/close/", {"date": "2019-04-01", "resolved": True, "version": 1}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == Status.CLOSED and r.json()["resolved"] is True


def test_invalid_close_is_400_and_changes_nothing(units, bureau) -> None:
    pk = api(bureau).post(BASE, body(units), format="json").json()["id"]
    r = api(bureau).post(
        f"{BASE}{pk}/close/", {"date": "2019-02-01", "resolved": True, "version": 1}, format="json"
    )
    assert r.status_code == 400 and "办结日期不能早于受理日期" in str(r.json())
    api(bureau).post(
        f"{BASE}{pk}/close/", {"date": "2019-04-01", "resolved": False, "version": 1}, format="json"
    )
    r = api(bureau).post(
        f"{BASE}{pk}/close/", {"date": "2019-05-01", "resolved": True, "version": 2}, format="json"
    )
    assert r.status_code == 400 and "不能执行「办结」" in r.json()["detail"]
    d = Dispute.objects.get(pk=pk)
    assert d.resolved is False and d.version == 2


def test_scope_and_roles(units, bureau, clerk2, leader) -> None:
    pk = api(bureau).post(BASE, body(units), format="json").json()["id"]
    assert api(bureau).get(f"{BASE}{pk}/").json()["parties"][0]["id_number"] == ID_NUMBER
    assert api(clerk2).get(f"{BASE}{pk}/").status_code == 404
    assert api(clerk2).post(BASE, body(units), format="json").status_code == 403
    assert (
        api(leader)
        .post(f"{BASE}{pk}/close/", {"date": "2019-04-01", "resolved": True}, format="json")
        .status_code
        == 403
    )
    assert [d["id"] for d in api(leader).get(BASE, {"org": units["d01"].pk}).json()["results"]] == [pk]
