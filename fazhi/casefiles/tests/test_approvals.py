"""负责人审批 (issue 15 item 4) and 撤回审结 (item 3): the steps the law reserves to the head — 延期
(《行政复议法》第六十二条), 转普通程序 (第五十五条), 中止, the decision itself (第六十一条) and reopening a
conclusion entered by mistake — run only on an approval by a user holding 机构负责人, recorded as who
approved when (not free text), on every entrance (runner, API, page)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.audit.models import AuditEvent
from fazhi.casefiles.models import Approval
from fazhi.core.actions import TRUSTED, run
from fazhi.core.figures import FigureQuery, collect
from fazhi.litigation.actions import WORKFLOW as LIT
from fazhi.orgs.models import Role
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.testing.clients import api, page
from fazhi.testing.factories import make_litigation_case, make_user

BASE = "/api/v1/reconsideration/cases/"


@pytest.fixture
def officer(units):  # type: ignore[no-untyped-def]
    """A 司法局 officer who is not the head: must ask for the head's approval."""
    return make_user(Role.BUREAU, units["sfj"], username="officer", head=False)


@pytest.fixture
def accepted(receive, bureau):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    return run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 3, 4)}, version=TRUSTED)


def _concluded_2024() -> int:
    return collect(FigureQuery.for_year(2024, None))["reconsideration.concluded"].value


def test_decision_needs_the_heads_approval_on_runner_and_api(accepted, officer, bureau):  # type: ignore[no-untyped-def]
    """《行政复议法》第六十一条: the decision is made with the head's consent — refused without it."""
    with pytest.raises(Exception, match="须经机构负责人批准"):
        run(
            WORKFLOW,
            "conclude",
            accepted,
            actor=officer,
            data={"date": date(2024, 4, 20), "outcome": "upheld"},
            version=TRUSTED,
        )
    client = api(officer)
    body = {"date": "2024-04-20", "outcome": "upheld", "version": accepted.version}
    refused = client.post(f"{BASE}{accepted.pk}/conclude/", body, format="json")
    assert refused.status_code == 400 and "须经机构负责人批准" in str(refused.json())
    accepted.refresh_from_db()
    assert accepted.status == "accepted" and not Approval.objects.exists()

    # 报请 → the officer may not approve → the head approves → the officer concludes, using the approval.
    asked = client.post(
        f"{BASE}{accepted.pk}/approvals/", {"step": "conclude", "reason": "事实清楚"}, format="json"
    )
    assert asked.status_code == 201, asked.json()
    again = client.post(
        f"{BASE}{accepted.pk}/approvals/", {"step": "conclude", "reason": "再报"}, format="json"
    )
    assert again.status_code == 400 and "已有待审批" in str(again.json())
    decide = f"{BASE}{accepted.pk}/approvals/{asked.json()['id']}/decide/"
    assert client.post(decide, {"decision": "approved"}, format="json").status_code == 403
    approved = api(bureau).post(decide, {"decision": "approved", "opinion": "同意维持"}, format="json")
    assert approved.status_code == 200 and approved.json()["decided_by"] == str(bureau)
    done = client.post(f"{BASE}{accepted.pk}/conclude/", body, format="json")
    assert done.status_code == 200, done.json()
    row = Approval.objects.get()
    assert (row.decided_by, row.opinion, row.used_at is not None) == (bureau, "同意维持", True)
    event = AuditEvent.objects.filter(action="reconsideration.conclude").get()
    assert event.diff["approval"]["decided_by"] == str(bureau)
    # Used once: the approval does not serve a second step.
    listed = client.get(f"{BASE}{accepted.pk}/approvals/").json()
    assert [a["used_at"] is not None for a in listed] == [True]


def test_rejected_approval_does_not_authorise_and_needs_an_opinion(accepted, officer, bureau):  # type: ignore[no-untyped-def]
    client = api(officer)
    asked = client.post(
        f"{BASE}{accepted.pk}/approvals/", {"step": "extend", "reason": "案情复杂"}, format="json"
    ).json()
    decide = f"{BASE}{accepted.pk}/approvals/{asked['id']}/decide/"
    head = api(bureau)
    assert "请填写审批意见" in str(head.post(decide, {"decision": "rejected"}, format="json").json())
    assert (
        head.post(decide, {"decision": "rejected", "opinion": "期限充足"}, format="json").status_code == 200
    )
    assert head.post(decide, {"decision": "approved"}, format="json").status_code == 400  # decided once
    body = {"date": "2024-04-01", "days": 30, "reason": "复杂", "version": accepted.version}
    refused = client.post(f"{BASE}{accepted.pk}/extend/", body, format="json")
    assert refused.status_code == 400 and "第六十二条" in str(refused.json())
    # Leaders read, never approve or ask; a step that needs no approval is not offered.
    leader = api(make_user(Role.LEADER, accepted.org.government, username="l2"))
    assert leader.get(f"{BASE}{accepted.pk}/approvals/").status_code == 200
    assert (
        leader.post(
            f"{BASE}{accepted.pk}/approvals/", {"step": "extend", "reason": "x"}, format="json"
        ).status_code
        == 403
    )
    bad = client.post(f"{BASE}{accepted.pk}/approvals/", {"step": "send_copy", "reason": "x"}, format="json")
    assert bad.status_code == 400


def test_head_running_a_step_is_their_own_recorded_approval(accepted, bureau):  # type: ignore[no-untyped-def]
    """中止 by the head: recorded as approved by them, when — an Approval row, not a note."""
    run(
        WORKFLOW,
        "suspend",
        accepted,
        actor=bureau,
        data={"date": date(2024, 3, 10), "reason": "等待鉴定"},
        version=TRUSTED,
    )
    row = Approval.objects.get()
    assert (row.step, row.decided_by, row.decision) == ("suspend", bureau, "approved")
    assert row.used_at is not None and row.decided_at is not None


def test_reopen_a_conclusion_with_the_heads_approval(accepted, officer, bureau):  # type: ignore[no-untyped-def]
    """撤回审结: back to the status before the decision, the old outcome kept on the audit trail, figures move."""
    case = run(
        WORKFLOW,
        "conclude",
        accepted,
        actor=bureau,
        data={"date": date(2024, 4, 20), "outcome": "revoked"},
        version=TRUSTED,
    )
    before = _concluded_2024()
    assert before >= 1
    client = api(officer)
    assert "reopen" in [a["name"] for a in client.get(f"{BASE}{case.pk}/").json()["actions"]]
    refused = client.post(
        f"{BASE}{case.pk}/reopen/", {"reason": "录错", "version": case.version}, format="json"
    )
    assert refused.status_code == 400 and "须经机构负责人批准" in str(refused.json())
    asked = client.post(
        f"{BASE}{case.pk}/approvals/", {"step": "reopen", "reason": "审结结果录入错误"}, format="json"
    ).json()
    api(bureau).post(
        f"{BASE}{case.pk}/approvals/{asked['id']}/decide/", {"decision": "approved"}, format="json"
    )
    case.refresh_from_db()
    done = client.post(f"{BASE}{case.pk}/reopen/", {"version": case.version}, format="json")
    assert done.status_code == 200, done.json()
    case.refresh_from_db()
    assert (case.status, case.outcome, case.concluded_on) == ("accepted", "", None)
    assert _concluded_2024() == before - 1
    event = AuditEvent.objects.filter(action="reconsideration.reopen").get()
    assert event.diff["outcome"] == ["revoked", ""] and event.diff["reopened"]["reason"] == "审结结果录入错误"
    assert event.diff["approval"]["decided_by"] == str(bureau)
    # The outcome changes only through this path: the edit refuses it (core.casework.edit_transition).
    html = page(officer).get(f"/reconsideration/{case.pk}/").content.decode()
    assert "撤回审结" in html


def test_reopen_a_litigation_judgment_entered_by_mistake(units, bureau, officer):  # type: ignore[no-untyped-def]
    case = make_litigation_case(bureau, units["d01"], units["court"], served_on=date(2024, 3, 2))
    case = run(LIT, "record_answer", case, actor=bureau, data={"date": date(2024, 3, 10)}, version=TRUSTED)
    case = run(
        LIT,
        "judge",
        case,
        actor=bureau,
        data={"date": date(2024, 5, 10), "outcome": "claim_rejected"},
        version=TRUSTED,
    )
    with pytest.raises(Exception, match="须经机构负责人批准"):
        run(LIT, "reopen", case, actor=officer, data={"reason": "录错"}, version=TRUSTED)
    case = run(LIT, "reopen", case, actor=bureau, data={"reason": "法院案号录错的判决"}, version=TRUSTED)
    case.refresh_from_db()
    assert (case.status, case.outcome, case.concluded_on) == ("answered", "", None)
    assert Approval.objects.get().step == "reopen"


def test_conversion_to_ordinary_procedure_moves_the_deadline(receive, bureau, officer):  # type: ignore[no-untyped-def]
    """《行政复议法》第五十五条 (head's approval) and 第六十二条: simplified 30 days → ordinary 60 days from
    acceptance. Accepted 2024-08-02: day 30 is Sunday 1 September → Monday 2 September; day 60 is
    1 October, inside the National Day holiday (1–7 October) → Tuesday 8 October (RULES §1)."""
    case = receive(date(2024, 8, 1))
    case = run(
        WORKFLOW,
        "accept",
        case,
        actor=bureau,
        data={"date": date(2024, 8, 2), "procedure": "simplified"},
        version=TRUSTED,
    )
    case.refresh_from_db()
    assert case.decision_due == date(2024, 9, 2)
    with pytest.raises(Exception, match="第五十五条"):
        run(
            WORKFLOW,
            "convert_procedure",
            case,
            actor=officer,
            data={"date": date(2024, 8, 20), "reason": "复杂"},
            version=TRUSTED,
        )
    client = page(bureau)
    url = f"/reconsideration/{case.pk}/action/convert_procedure/"
    blank = client.post(url, {"on": "2024-08-20", "reason": "", "version": case.version})
    assert blank.status_code == 400
    ok = client.post(
        url, {"on": "2024-08-20", "reason": "案情复杂，不宜适用简易程序", "version": case.version}
    )
    assert ok.status_code == 302
    case.refresh_from_db()
    assert (case.procedure, case.converted_on, case.decision_due) == (
        "ordinary",
        date(2024, 8, 20),
        date(2024, 10, 8),
    )
    with pytest.raises(Exception, match="无需转换"):
        run(
            WORKFLOW,
            "convert_procedure",
            case,
            actor=bureau,
            data={"date": date(2024, 8, 21)},
            version=TRUSTED,
        )


def test_deliberation_records(accepted, bureau, officer):  # type: ignore[no-untyped-def]
    """案审/合议: date, participants (users and names), opinion; page and API; scoped like the case."""
    client = api(officer)
    url = f"{BASE}{accepted.pk}/deliberations/"
    body = {
        "kind": "collegial",
        "held_on": "2024-04-10",
        "members": [bureau.pk, officer.pk],
        "other_participants": "张教授（外聘专家）",
        "opinion": "一致意见：维持",
    }
    made = client.post(url, body, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["members"] == [str(bureau), str(officer)] or sorted(made.json()["members"]) == sorted(
        [str(bureau), str(officer)]
    )
    assert client.post(url, {**body, "opinion": ""}, format="json").status_code == 400
    assert (
        client.post(url, {**body, "members": [], "other_participants": ""}, format="json").status_code == 400
    )
    listed = client.get(url).json()
    assert [d["kind_label"] for d in listed] == ["合议"]
    html = page(officer).get(f"/reconsideration/casefile/{accepted.pk}/approvals/").content.decode()
    assert (
        "一致意见：维持" in html
        and "张教授（外聘专家）" in html
        and 'data-testid="deliberation-form"' in html
    )
    posted = page(officer).post(
        f"/reconsideration/casefile/{accepted.pk}/deliberations/",
        {"kind": "review", "held_on": "2024-04-11", "members": [officer.pk], "opinion": "案审：证据充分"},
    )
    assert posted.status_code == 302
    assert [d["kind"] for d in client.get(url).json()] == ["collegial", "review"]
    assert AuditEvent.objects.filter(action="reconsideration.deliberation_add").count() == 2
