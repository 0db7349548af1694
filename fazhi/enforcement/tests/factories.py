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
