"""API of 重大行政决策 and 合法性审查 (issue 12 item 6): shapes, the hard gate (国务院令第713号 Art 26), scope."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.decisions.models import DecisionStep, LegalityReview, MajorDecision
from fazhi.testing.clients import api, pinned_clock  # noqa: F401 (fixture)

from .helpers import BEFORE, MEETING, conclude, decision, review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _json(data: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


def test_create_decision_and_record_steps(clerk1, units) -> None:  # type: ignore[no-untyped-def]
    c = api(clerk1)
    r = c.post(
        "/api/v1/decisions/",
        {"title": "管道燃气特许经营", "sponsor": units["d01"].pk, "year": 2019, "in_catalog": True},
        format="json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["in_catalog"] is True and body["sponsor"] == units["d01"].pk and body["status"] == "drafting"
    version = body["version"]
    for step in BEFORE:
        r = c.post(
            f"/api/v1/decisions/{body['id']}/record-step/", {**_json(step), "version": version}, format="json"
        )
        assert r.status_code == 200, r.content
        version = r.json()["version"]
    assert [s["step"] for s in r.json()["steps"]] == [s["step"] for s in BEFORE]


def test_api_gate_is_400_in_chinese_and_changes_nothing(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """国务院令第713号 Art 26 through the API: the unreviewed draft is not put to the meeting."""
    d = decision(bureau, units["d01"])
    steps = DecisionStep.objects.count()
    r = api(bureau).post(
        f"/api/v1/decisions/{d.pk}/record-step/", {**_json(MEETING), "version": d.version}, format="json"
    )
    assert r.status_code == 400 and "未经合法性审查" in str(r.json()) and "第二十六条" in str(r.json())
    assert DecisionStep.objects.count() == steps and MajorDecision.objects.get(pk=d.pk).version == d.version


def test_review_queue_api(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    d = decision(bureau, units["d01"])
    r = api(clerk1).post(
        "/api/v1/legality-reviews/",
        {"subject_kind": "decision", "subject_id": d.pk, "title": "草案", "submitted_by": units["d01"].pk, "received_on": "2019-09-27"},
        format="json",
    )  # fmt: skip
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["due_on"] == "2019-10-23" and body["is_overdue"] is True  # the clock is pinned years later
    url = f"/api/v1/legality-reviews/{body['id']}"
    refused = api(clerk1).post(
        f"{url}/conclude/",
        {"date": "2019-10-08", "opinion": "lawful", "version": body["version"]},
        format="json",
    )
    assert refused.status_code == 403
    c = api(bureau)
    r = c.post(f"{url}/request-material/", {"date": "2019-09-30", "version": body["version"]}, format="json")
    assert r.status_code == 200 and r.json()["due_on"] is None and r.json()["status"] == "waiting"
    r = c.post(
        f"{url}/material-received/", {"date": "2019-10-09", "version": r.json()["version"]}, format="json"
    )
    assert r.json()["due_on"] == "2019-10-25"
    r = c.post(
        f"{url}/conclude/",
        {"date": "2019-10-24", "opinion": "lawful", "version": r.json()["version"]},
        format="json",
    )
    assert r.status_code == 200 and r.json()["is_overdue"] is False and r.json()["opinion"] == "lawful"
    r = c.post(
        f"/api/v1/decisions/{d.pk}/record-step/",
        {**_json(MEETING), "date": "2019-10-28", "version": d.version},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "decided", r.content


def test_scope_department_sees_its_own_the_desk_sees_all(bureau, clerk1, clerk2, units) -> None:  # type: ignore[no-untyped-def]
    own = review(clerk1, units["d01"], date(2019, 9, 27))
    other = review(clerk2, units["d02"], date(2019, 9, 27))
    d = decision(clerk2, units["d02"], steps=False)
    c = api(clerk1)
    assert [x["id"] for x in c.get("/api/v1/legality-reviews/").json()["results"]] == [own.pk]
    assert c.get(f"/api/v1/legality-reviews/{other.pk}/").status_code == 404
    assert c.get(f"/api/v1/decisions/{d.pk}/").status_code == 404
    assert {x["id"] for x in api(bureau).get("/api/v1/legality-reviews/").json()["results"]} == {
        own.pk,
        other.pk,
    }
    # a department cannot send another unit's decision for review, nor link to what it cannot see
    r = c.post(
        "/api/v1/legality-reviews/",
        {"subject_kind": "decision", "subject_id": d.pk, "title": "x", "submitted_by": units["d01"].pk, "received_on": "2019-09-27"},
        format="json",
    )  # fmt: skip
    assert r.status_code == 400 and "无权查看" in str(r.json())
    assert LegalityReview.objects.count() == 2


def test_queue_filters(bureau, units) -> None:  # type: ignore[no-untyped-def]
    a = conclude(
        bureau,
        review(bureau, units["d01"], date(2019, 9, 27), kind="contract"),
        date(2019, 10, 8),
        "unlawful",
    )
    review(bureau, units["d02"], date(2019, 9, 27))
    c = api(bureau)
    assert [x["id"] for x in c.get("/api/v1/legality-reviews/?subject_kind=contract").json()["results"]] == [
        a.pk
    ]
    assert [x["id"] for x in c.get("/api/v1/legality-reviews/?opinion=unlawful").json()["results"]] == [a.pk]
    assert [x["id"] for x in c.get(f"/api/v1/legality-reviews/?org={units['d01'].pk}").json()["results"]] == [
        a.pk
    ]
    assert [x["id"] for x in c.get(f"/api/v1/legality-reviews/?reviewer={bureau.pk}").json()["results"]] == [
        a.pk
    ]
