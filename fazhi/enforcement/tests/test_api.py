"""``/api/v1/enforcement/…``: the issue's contract (bodies, officers and certificates, decisions with
publicity_due / published_on_time / problems, the problems list) and the bulk intake (all or nothing,
idempotent on body and case number, errors in Chinese)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core.pii import make_id_card, mask_id
from fazhi.enforcement.models import EnforcementAction
from fazhi.enforcement.tests import factories as f
from fazhi.testing.clients import api

pytestmark = pytest.mark.django_db
BASE = "/api/v1/enforcement/"
CERT = (date(2018, 1, 1), date(2022, 12, 31))


def test_body_create_and_publish(units, bureau, clerk1) -> None:
    r = api(clerk1).post(
        f"{BASE}bodies/",
        {
            "name": "示例市公安局",
            "org": units["d01"].pk,
            "kind": "statutory",
            "legal_basis": "《人民警察法》",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "pending"
    refused = api(clerk1).post(f"{BASE}bodies/{body['id']}/confirm/", {"date": "2019-03-01", "version": 1})
    assert refused.status_code == 403 and "司法局" in refused.json()["detail"]
    c = api(bureau)
    assert (
        c.post(f"{BASE}bodies/{body['id']}/confirm/", {"date": "2019-03-01", "version": 1}).status_code == 200
    )
    r = c.post(f"{BASE}bodies/{body['id']}/publish/", {"date": "2019-03-05", "version": 2})
    assert r.status_code == 200 and r.json()["published_on"] == "2019-03-05"


def test_officer_with_certificate_and_masked_id(units, bureau, clerk1) -> None:
    number = make_id_card("330381", date(1980, 5, 6), 21)
    r = api(clerk1).post(
        f"{BASE}officers/", {"name": "李四", "id_number": number, "org": units["d01"].pk, "in_post": True}
    )
    assert r.status_code == 201, r.content
    o = r.json()
    assert o["id_number"] == mask_id(number)
    r = api(clerk1).post(
        f"{BASE}officers/{o['id']}/certificates/",
        {"number": "ZJ001", "issued_on": "2018-01-01", "valid_until": "2023-12-31", "version": 1},
    )
    assert r.status_code == 200, r.content
    assert api(bureau).get(f"{BASE}officers/{o['id']}/").json()["id_number"] == number
    bad = api(clerk1).post(
        f"{BASE}officers/", {"name": "王五", "id_number": "330381198001010010", "org": units["d01"].pk}
    )
    assert bad.status_code == 400 and "身份证号" in bad.content.decode()


def test_action_create_publicize_withdraw_and_problems(units, bureau) -> None:
    """RULES §6: the response carries the publicity deadline, whether it was met and the problem codes;
    a 处罚 by one officer (行政处罚法 Art 42) is kept and listed among the problems."""
    b = f.body(bureau, units["d01"], published=date(2019, 1, 2))
    o = f.officer(bureau, units["d01"], 1, cert=CERT)
    c = api(bureau)
    r = c.post(
        f"{BASE}actions/",
        {
            "body": b.pk,
            "action_type": "penalty",
            "case_number": "示公罚〔2019〕7号",
            "filed_on": "2019-08-01",
            "decided_on": "2019-09-30",
            "officers": [o.pk],
            "is_major": False,
            "party_kind": "person",
            "party_name": "张三",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    a = r.json()
    assert a["publicity_due"] == "2019-10-15" and a["published_on_time"] is None
    assert a["problems"] == ["one_officer"]
    r = c.post(f"{BASE}actions/{a['id']}/publicize/", {"date": "2019-10-16", "version": a["version"]})
    assert r.status_code == 200, r.content
    assert r.json()["published_on_time"] is False
    assert set(r.json()["problems"]) == {"one_officer", "late_publicity"}
    r = c.post(f"{BASE}actions/{a['id']}/withdraw/", {"date": "2019-10-17", "version": r.json()["version"]})
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    listed = c.get(f"{BASE}problems/").json()["results"]
    assert [x["case_number"] for x in listed] == ["示公罚〔2019〕7号"]


def test_lists_do_not_grow_queries_with_rows(units, bureau, django_assert_max_num_queries) -> None:
    b = f.body(bureau, units["d01"])
    crew = [f.officer(bureau, units["d01"], n, cert=CERT) for n in (1, 2)]
    for i in range(12):
        f.action(bureau, b, f"罚{i}", date(2019, 5, 6), officers=[o.pk for o in crew])
    c = api(bureau)
    with django_assert_max_num_queries(12):
        assert len(c.get(f"{BASE}actions/").json()["results"]) == 12
    with django_assert_max_num_queries(12):
        assert c.get(f"{BASE}officers/").status_code == 200


def _record(n: int, **kw):  # type: ignore[no-untyped-def]
    return {
        "body": "示例市公安局",
        "action_type": "license",
        "case_number": f"示公许〔2019〕{n}号",
        "decided_on": "2019-06-03",
        "officers": ["ZFd0100001", "ZFd0100002"],
        "party_kind": "organization",
        "party_name": f"示例公司{n}",
        **kw,
    }


def test_bulk_is_all_or_nothing_and_idempotent(units, bureau, clerk1) -> None:
    """Bulk intake: every record checked (errors name the record, in Chinese), nothing written when one
    fails; a re-sent batch writes nothing twice. Breaches are kept and flagged, not refused."""
    f.body(bureau, units["d01"], published=date(2019, 1, 2))
    for n in (1, 2):
        f.officer(bureau, units["d01"], n, cert=CERT)
    c = api(clerk1)
    bad = [_record(1), _record(2, decided_on="2019-06-03", filed_on="2019-07-01", action_type="penalty")]
    r = c.post(f"{BASE}actions/bulk/", {"records": bad}, format="json")
    assert r.status_code == 400, r.content
    assert any(e.startswith("第2条") and "决定日期不能早于立案日期" in e for e in r.json()["errors"])
    assert not EnforcementAction.objects.exists()
    good = [
        _record(1),
        _record(2, is_major=True),
        _record(3, officers=["ZFd0100001"], action_type="penalty", filed_on="2019-05-06"),
    ]
    r = c.post(f"{BASE}actions/bulk/", {"records": good}, format="json")
    assert r.status_code == 200 and r.json()["created"] == 3, r.content
    flagged = {a.case_number: {p.code for p in a.problems.all()} for a in EnforcementAction.objects.all()}
    assert flagged["示公许〔2019〕2号"] == {"unreviewed"} and flagged["示公许〔2019〕3号"] == {"one_officer"}
    again = c.post(f"{BASE}actions/bulk/", {"records": [*good, _record(4)]}, format="json")
    assert again.status_code == 200 and again.json()["created"] == 1
    assert len(again.json()["existing"]) == 3 and EnforcementAction.objects.count() == 4


def test_bulk_refuses_more_than_a_thousand(units, clerk1) -> None:
    r = api(clerk1).post(
        f"{BASE}actions/bulk/", {"records": [_record(n) for n in range(1001)]}, format="json"
    )
    assert r.status_code == 400
    # a malformed call answers in the result's shape too (created 0, the reasons listed)
    assert r.json()["created"] == 0 and r.json()["errors"][0].startswith("records")
    empty = api(clerk1).post(f"{BASE}actions/bulk/", {"records": []}, format="json")
    assert empty.status_code == 400 and empty.json()["errors"] and not EnforcementAction.objects.exists()
    control = api(clerk1).post(
        f"{BASE}actions/bulk/", {"records": [_record(1, case_number="罚\x03")]}, format="json"
    )
    assert control.status_code == 400 and "控制字符" in control.json()["errors"][0]
