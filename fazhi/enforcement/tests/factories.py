"""Records of 行政执法 for tests, written through the services (every rule and problem check runs)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.core.actions import TRUSTED, run
from fazhi.core.pii import make_id_card
from fazhi.enforcement import services
from fazhi.enforcement.actions import BODY_WORKFLOW, OFFICER_WORKFLOW, WORKFLOW
from fazhi.enforcement.models import Recorder


def body(actor: Any, org: Any, name: str = "示例市公安局", published: date | None = None) -> Any:
    b = services.create_body(
        actor=actor, data={"org": org, "name": name, "kind": "statutory", "legal_basis": "《人民警察法》"}
    )
    if published:
        run(BODY_WORKFLOW, "confirm", b, actor=actor, data={"date": published}, version=TRUSTED)
        b.refresh_from_db()
        run(BODY_WORKFLOW, "publish", b, actor=actor, data={"date": published}, version=TRUSTED)
        b.refresh_from_db()
    return b


def officer(
    actor: Any, org: Any, seq: int, *, cert: tuple[date, date] | None = None, in_post: bool = True
) -> Any:
    o = services.create_officer(
        actor=actor,
        data={
            "org": org,
            "name": f"执法员{seq}",
            "id_number": make_id_card("330381", date(1980, 1, 1), seq),
            "in_post": in_post,
        },
    )
    if cert:
        data = {"number": f"ZF{org.code}{seq:05d}", "issued_on": cert[0], "valid_until": cert[1]}
        run(OFFICER_WORKFLOW, "certificates", o, actor=actor, data=data, version=TRUSTED)
        o.refresh_from_db()
    return o


def action(actor: Any, b: Any, number: str, decided: date, **kw: Any) -> Any:
    data = {
        "body": b.pk,
        "action_type": kw.pop("action_type", "penalty"),
        "case_number": number,
        "decided_on": decided,
        "parties": [{"kind": "organization", "name": "示例公司"}],
        **kw,
    }
    if data["action_type"] == "penalty":
        data.setdefault("filed_on", decided)
    return services.create_action(actor=actor, data=data)


def publicize(actor: Any, a: Any, on: date) -> Any:
    return run(WORKFLOW, "publicize", a, actor=actor, data={"date": on}, version=TRUSTED)


def year_2019(bureau: Any, units: dict[str, Any]) -> None:
    """2019 in two units (the contract suite's drill-down year): published and pending bodies, certified
    and uncertified officers, decisions publicized on time, late and not at all, recorders."""
    cert = (date(2018, 1, 1), date(2022, 12, 31))
    for i, code in enumerate(("d01", "d02")):
        org = units[code]
        b = body(bureau, org, f"执法主体{code}", published=date(2019, 3, 1) if i == 0 else None)
        body(bureau, org, f"执法主体{code}乙", published=date(2019, 6, 1))
        good = [officer(bureau, org, 100 * i + n, cert=cert) for n in (1, 2)]
        bad = officer(bureau, org, 100 * i + 3)
        officer(bureau, org, 100 * i + 4, cert=cert, in_post=False)
        a1 = action(bureau, b, f"{code}罚1", date(2019, 4, 1), officers=[o.pk for o in good])
        publicize(bureau, a1, date(2019, 4, 3))
        a2 = action(bureau, b, f"{code}罚2", date(2019, 9, 2), officers=[good[0].pk, bad.pk])
        publicize(bureau, a2, date(2019, 10, 30))
        action(bureau, b, f"{code}许1", date(2019, 12, 2), action_type="license", is_major=True)
        action(bureau, b, f"{code}检1", date(2019, 5, 5), action_type="inspection", officers=[bad.pk])
        action(bureau, b, f"{code}罚0", date(2018, 12, 3), officers=[o.pk for o in good])
        Recorder.objects.create(org=org, serial=f"R{code}1", in_service_from=date(2018, 1, 1))
        Recorder.objects.create(
            org=org, serial=f"R{code}2", in_service_from=date(2018, 1, 1), in_service_to=date(2019, 6, 1)
        )


def no_penalty_list(actor: Any, org: Any, name: str, start: date, published: date | None = None) -> Any:
    from fazhi.enforcement.supervision_services import create_no_penalty_list

    data = {"org": org, "name": name, "published_on": published or start, "in_force_from": start}
    return create_no_penalty_list(actor=actor, data=data)


def no_penalty_item(actor: Any, lst: Any, violation: str, **kw: Any) -> Any:
    from fazhi.enforcement.supervision_services import create_no_penalty_item

    data = {"list": lst.pk, "field": "市场监管", "violation": violation, **kw}
    return create_no_penalty_item(actor=actor, data=data)


def case_review(actor: Any, b: Any, actions: list[Any], started: date = date(2019, 6, 3)) -> Any:
    from fazhi.enforcement.supervision_services import create_case_review

    data = {"body": b.pk, "title": "案卷评查", "reviewer": "监督科", "started_on": started}
    return create_case_review(actor=actor, data={**data, "actions": [a.pk for a in actions]})


def complaint(actor: Any, b: Any, received: date, name: str = "投诉人甲", id_number: str = "") -> Any:
    from fazhi.enforcement.supervision_services import create_complaint

    party = {"kind": "person", "name": name, "id_number": id_number, "phone": ""}
    data = {"body": b.pk, "received_on": received, "summary": "执法人员未出示证件", "parties": [party]}
    return create_complaint(actor=actor, data=data)


def notice(actor: Any, b: Any, issued: date, kind: str = "opinion") -> Any:
    from fazhi.enforcement.supervision_services import create_notice

    data = {
        "body": b.pk,
        "kind": kind,
        "number": f"监督〔{issued.year}〕{issued:%m%d}号",
        "issued_on": issued,
    }
    return create_notice(actor=actor, data={**data, "content": "请整改公示"})


def step(wf: Any, name: str, record: Any, actor: Any, **data: Any) -> Any:
    return run(wf, name, record, actor=actor, data=data, version=TRUSTED)


def supervision_2019(bureau: Any, units: dict[str, Any]) -> None:
    """执法监督 of 2019 in d01 and d02, counted by hand (test_supervision): evaluations concluded in 2019 —
    d01 90 and 70 (average 80), one more concluded in 2020, d02's still open; complaints received in 2019 —
    d01 one handled on time and one late, d02 one open (1 of 3 on time); notices issued in 2019 — d01's
    answered on time, d02's not (1 of 2)."""
    from fazhi.enforcement.models import EnforcementAction, EnforcementBody
    from fazhi.enforcement.supervision_actions import COMPLAINT_WORKFLOW, NOTICE_WORKFLOW, REVIEW_WORKFLOW

    b1 = EnforcementBody.objects.get(name="执法主体d01")
    b2 = EnforcementBody.objects.get(name="执法主体d02")
    a1 = list(EnforcementAction.objects.filter(body=b1).order_by("id")[:2])
    a2 = list(EnforcementAction.objects.filter(body=b2).order_by("id")[:1])
    for started, concluded, score in (
        (date(2019, 5, 6), date(2019, 6, 14), 90),
        (date(2019, 9, 2), date(2019, 9, 20), 70),
        (date(2019, 12, 2), date(2020, 1, 10), 50),
    ):
        r = case_review(bureau, b1, a1, started)
        step(REVIEW_WORKFLOW, "conclude", r, bureau, date=concluded, score=score)
    case_review(bureau, b2, a2, date(2019, 10, 8))
    c = complaint(bureau, b1, date(2019, 3, 4))
    step(COMPLAINT_WORKFLOW, "handle", c, bureau, date=date(2019, 3, 29), result="已责令改正")
    c = complaint(bureau, b1, date(2019, 8, 12), "投诉人乙")
    step(COMPLAINT_WORKFLOW, "handle", c, bureau, date=date(2019, 10, 31), result="已责令改正")
    complaint(bureau, b2, date(2019, 12, 2), "投诉人丙")
    n = notice(bureau, b1, date(2019, 4, 8))
    step(NOTICE_WORKFLOW, "reply", n, bureau, date=date(2019, 4, 30), reply="已整改")
    notice(bureau, b2, date(2019, 11, 11), "suggestion")
