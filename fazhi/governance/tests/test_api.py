"""The API contract of issue 14 item 6: the create bodies, ``complete``, ``idle-advisers``, and scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.governance import services
from fazhi.governance.models import IndicatorValue, LeadershipDuty, Rectification
from fazhi.testing.clients import api, pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
BASE = "/api/v1/governance"


def test_duty_training_adviser_consultation_bodies(bureau: Any, units: Any) -> None:
    c = api(bureau)
    h = services.create_holder(
        actor=bureau,
        data={
            "org": units["gov"],
            "post": "secretary",
            "title": "市委书记",
            "person": "陈某",
            "term_from": date(2017, 1, 1),
        },
    )
    r = c.post(
        f"{BASE}/duties/",
        {"date": "2019-07-04", "person_post": h.pk, "kind": "meeting", "subject": "主持会议"},
        format="json",
    )
    assert r.status_code == 201, r.content
    assert (r.json()["person"], r.json()["post"], r.json()["org"]) == ("陈某", "市委书记", units["gov"].pk)
    r = c.post(
        f"{BASE}/trainings/", {"title": "培训", "start_on": "2019-10-24", "participants": 206}, format="json"
    )
    assert r.status_code == 201 and r.json()["participants"] == 206
    r = c.post(
        f"{BASE}/advisers/",
        {
            "name": "某律师",
            "org": units["d01"].pk,
            "contract_from": "2019-01-01",
            "contract_until": "2020-12-31",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    adviser = r.json()["id"]
    r = c.post(
        f"{BASE}/consultations/",
        {"adviser": adviser, "date": "2019-03-01", "matter_kind": "contract"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["org"] == units["d01"].pk
    r = c.post(
        f"{BASE}/consultations/",
        {"adviser": adviser, "date": "2018-03-01", "matter_kind": "contract"},
        format="json",
    )
    assert r.status_code == 400 and "聘期内" in r.content.decode()


def test_idle_advisers(bureau: Any, units: Any, clerk2: Any) -> None:
    a = services.create_adviser(
        actor=bureau,
        data={
            "org": units["d01"],
            "name": "某律师",
            "contract_from": date(2019, 1, 1),
            "contract_until": date(2020, 12, 31),
        },
    )
    r = api(bureau).get(f"{BASE}/idle-advisers/?on=2019-12-31")
    assert r.status_code == 200 and [x["id"] for x in r.json()] == [a.pk]
    services.create_consultation(
        actor=bureau, data={"adviser": a, "date": date(2019, 12, 1), "matter_kind": "other"}
    )
    assert api(bureau).get(f"{BASE}/idle-advisers/?on=2019-12-31").json() == []
    assert api(bureau).get(f"{BASE}/idle-advisers/?on=2020-07-01").json()[0]["id"] == a.pk
    assert api(clerk2).get(f"{BASE}/idle-advisers/?on=2020-07-01").json() == []  # another unit's adviser
    assert api(bureau).get(f"{BASE}/idle-advisers/?on=2019-13-01").status_code == 400


def test_indicator_value_by_key_and_confirmation(bureau: Any, clerk1: Any) -> None:
    r = api(clerk1).post(
        f"{BASE}/indicator-values/",
        {"indicator": "business.startup_hours", "year": 2019, "value": "8", "source": "市场监管局"},
        format="json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["indicator_key"], body["status"]) == ("business.startup_hours", "entered")
    url = f"{BASE}/indicator-values/{body['id']}/confirm/"
    denied = api(clerk1).post(url, {"date": "2020-01-05", "version": body["version"]}, format="json")
    assert denied.status_code == 403 and "司法局" in denied.json()["detail"]
    ok = api(bureau).post(url, {"date": "2020-01-05", "version": body["version"]}, format="json")
    assert ok.status_code == 200, ok.content
    assert IndicatorValue.objects.get().status == "confirmed"
    bad = api(bureau).post(
        f"{BASE}/indicator-values/",
        {"indicator": "nope", "year": 2019, "value": 1, "source": "s"},
        format="json",
    )
    assert bad.status_code == 400


def test_rectification_and_complete(bureau: Any, units: Any, clerk1: Any, clerk2: Any) -> None:
    r = api(bureau).post(
        f"{BASE}/rectifications/",
        {"org": units["d01"].pk, "title": "整改", "due_on": "2026-12-31"},
        format="json",
    )
    assert r.status_code == 201, r.content
    pk, version = r.json()["id"], r.json()["version"]
    assert api(clerk2).get(f"{BASE}/rectifications/{pk}/").status_code == 404
    assert (
        api(clerk2)
        .post(
            f"{BASE}/rectifications/{pk}/complete/", {"date": "2026-11-01", "version": version}, format="json"
        )
        .status_code
        == 404
    )
    done = api(clerk1).post(
        f"{BASE}/rectifications/{pk}/complete/", {"date": "2026-11-01", "version": version}, format="json"
    )
    assert done.status_code == 200, done.content
    assert Rectification.objects.get().completed_on == date(2026, 11, 1)


def test_duties_list_is_scoped_and_bounded(
    bureau: Any, units: Any, clerk1: Any, django_assert_max_num_queries: Any
) -> None:
    h = services.create_holder(
        actor=bureau,
        data={
            "org": units["gov"],
            "post": "mayor",
            "title": "市长",
            "person": "李某",
            "term_from": date(2017, 1, 1),
        },
    )
    for day in range(1, 8):
        services.create_duty(
            actor=bureau,
            data={"person_post": h, "date": date(2019, 5, day), "kind": "study", "subject": "学法"},
        )
    assert api(clerk1).get(f"{BASE}/duties/").json()["results"] == []
    c = api(bureau)
    with django_assert_max_num_queries(8):
        rows = c.get(f"{BASE}/duties/?date_from=2019-05-02").json()["results"]
    assert len(rows) == 6 == LeadershipDuty.objects.filter(date__gte=date(2019, 5, 2)).count()
