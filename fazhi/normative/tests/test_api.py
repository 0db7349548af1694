"""API of 行政规范性文件 (issue 12 item 6): the contract's shapes, the publish gate (国办发〔2018〕115号), the
validity limit (RULES §5), the cleanup all or nothing, scope; a refused step is 400 in Chinese, nothing changed."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.normative.models import CleanupCampaign, NormativeDocument, Status
from fazhi.testing.clients import api, pinned_clock  # noqa: F401 (fixture)

from .helpers import published, review, step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
API = "/api/v1/normative/documents/"


def _create(client, units, number: str = "示政发〔2019〕3号", title: str = "关于生活垃圾分类的办法"):  # type: ignore[no-untyped-def]
    body = {
        "title": title,
        "issuer": units["gov"].pk,
        "drafter": units["d01"].pk,
        "doc_number": number,
        "provisional": False,
    }
    return client.post(API, body, format="json")


def test_document_walk_through_the_api(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """起草 → 统一登记 → (审核, 集体审议) → 统一发布 → 报送备案, with the contract's response fields."""
    c = api(bureau)
    r = _create(c, units)
    assert r.status_code == 201, r.content
    doc = r.json()
    assert doc["status"] == "draft" and doc["drafter"] == units["d01"].pk and doc["issuer"] == units["gov"].pk
    r = c.post(
        f"{API}{doc['id']}/register/", {"date": "2019-03-01", "version": doc["version"]}, format="json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["registration_number"] == "示规〔2019〕1号"
    d = NormativeDocument.objects.get(pk=doc["id"])
    review(bureau, d, date(2019, 3, 10))
    r = c.post(f"{API}{d.pk}/decide/", {"date": "2019-03-20", "version": r.json()["version"]}, format="json")
    assert r.status_code == 200, r.content
    r = c.post(
        f"{API}{d.pk}/publish/",
        {"date": "2019-04-01", "valid_years": 5, "version": r.json()["version"]},
        format="json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["valid_until"], body["filing_due"], body["in_force"]) == ("2024-03-31", "2019-05-01", False)
    r = c.post(
        f"{API}{d.pk}/file-for-record/", {"date": "2019-04-25", "version": body["version"]}, format="json"
    )
    assert r.status_code == 200 and r.json()["filed_on_time"] is True


def test_publish_gate_and_term_limit_are_400_in_chinese(bureau, units) -> None:  # type: ignore[no-untyped-def]
    c = api(bureau)
    doc = _create(c, units, title="关于城市道路占用的暂行办法").json()
    assert doc["provisional"] is True
    d = step(bureau, NormativeDocument.objects.get(pk=doc["id"]), "register", date=date(2019, 3, 1))
    r = c.post(
        f"{API}{d.pk}/publish/", {"date": "2019-04-01", "valid_years": 2, "version": d.version}, format="json"
    )
    assert r.status_code == 400 and "未经合法性审核" in str(r.json())
    review(bureau, d, date(2019, 3, 10))
    d = step(bureau, d, "decide", date=date(2019, 3, 20))
    r = c.post(
        f"{API}{d.pk}/publish/", {"date": "2019-04-01", "valid_years": 3, "version": d.version}, format="json"
    )
    assert r.status_code == 400 and "最长2年" in str(r.json())
    d.refresh_from_db()
    assert d.status == Status.REGISTERED and d.published_on is None


def test_bad_doc_number_is_400_in_chinese(bureau, units) -> None:  # type: ignore[no-untyped-def]
    r = _create(api(bureau), units, number="示政发2019第3号")
    assert r.status_code == 400 and "示政发〔2019〕3号" in str(r.json())
    assert not NormativeDocument.objects.exists()


def test_repeal_and_in_force(bureau, units) -> None:  # type: ignore[no-untyped-def]
    d = published(bureau, units["d01"], date(2024, 4, 1), "示政发〔2024〕3号")
    c = api(bureau)
    assert c.get(f"{API}{d.pk}/").json()["in_force"] is True  # pinned clock: 2026-11-20
    r = c.post(f"{API}{d.pk}/repeal/", {"date": "2025-01-02", "version": d.version}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "repealed" and r.json()["in_force"] is False


def test_cleanup_api_is_all_or_nothing(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """RULES §5 清理 through ``POST /api/v1/normative/cleanups/``: a bad document names itself, nothing changes."""
    a = published(bureau, units["d01"], date(2024, 4, 1), "示政发〔2024〕1号")
    b = published(bureau, units["d02"], date(2024, 5, 1), "示政发〔2024〕2号")
    c = api(bureau)
    bad = {
        "year": 2026,
        "decisions": [{"document": a.pk, "decision": "repeal"}, {"document": b.pk, "decision": "burn"}],
    }
    r = c.post("/api/v1/normative/cleanups/", bad, format="json")
    assert r.status_code == 400 and "第2项" in str(r.json())
    assert (
        not CleanupCampaign.objects.exists()
        and NormativeDocument.objects.get(pk=a.pk).status == Status.PUBLISHED
    )
    good = {
        "year": 2026,
        "decisions": [{"document": a.pk, "decision": "repeal"}, {"document": b.pk, "decision": "keep"}],
    }
    r = c.post("/api/v1/normative/cleanups/", good, format="json")
    assert r.status_code == 201, r.content
    assert (
        len(r.json()["decisions"]) == 2 and NormativeDocument.objects.get(pk=a.pk).status == Status.REPEALED
    )


def test_a_department_sees_only_its_own_drafts(bureau, clerk1, clerk2, units) -> None:  # type: ignore[no-untyped-def]
    """Scope: a department's clerk sees the documents it drafts; another's is a 404."""
    mine = _create(api(clerk1), units).json()
    assert api(clerk2).get(f"{API}{mine['id']}/").status_code == 404
    assert [d["id"] for d in api(clerk2).get(API).json()["results"]] == []
    assert api(clerk1).get(f"{API}{mine['id']}/").status_code == 200
    assert api(bureau).get(f"{API}{mine['id']}/").status_code == 200
