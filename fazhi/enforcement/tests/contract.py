"""This module's facts for the platform contract suite (``fazhi.testing.contract.facts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.testing.contract import PARTY_ID, PARTY_PHONE, ModuleFacts


def _body(world: Any, name: str = "示例执法主体") -> Any:
    """A body of the world's unit awaiting confirmation (``BODY_WORKFLOW``)."""
    from fazhi.enforcement.services import create_body

    data = {"org": world.unit, "name": name, "kind": "statutory", "legal_basis": "《行政处罚法》"}
    return create_body(actor=world.bureau, data=data)


def _officer(world: Any) -> Any:
    """An officer of the world's unit (``OFFICER_WORKFLOW``)."""
    from fazhi.core.pii import make_id_card
    from fazhi.enforcement.services import create_officer

    data = {"org": world.unit, "name": "王五", "id_number": make_id_card("330381", date(1980, 1, 2), 11)}
    return create_officer(actor=world.bureau, data=data)


def _make(world: Any) -> Any:
    """A 行政处罚 of the world's unit, decided and not yet publicized, with a person as party."""
    from fazhi.enforcement.services import create_action

    body = _body(world, "示例执法主体（处罚）")
    party = {"kind": "person", "name": "张三", "id_number": PARTY_ID}
    data = {
        "body": body.pk,
        "action_type": "penalty",
        "case_number": "示罚〔2024〕1号",
        "filed_on": date(2024, 8, 1),
        "decided_on": date(2024, 9, 2),
        "parties": [party],
    }
    return create_action(actor=world.bureau, data=data)


def _published(world: Any) -> tuple[Any, tuple[str, ...]]:
    """What the portal shows (issue 13 item 9): a published body with its 执法数据年报, a certified officer,
    a no-penalty item in force, and a publicized 行政处罚 of a natural person; internal: the person's whole
    name and ID number, the officer's ID number, the recording references."""
    from fazhi.core.actions import TRUSTED, run
    from fazhi.core.pii import make_id_card
    from fazhi.enforcement.actions import BODY_WORKFLOW, OFFICER_WORKFLOW, WORKFLOW
    from fazhi.enforcement.annual import publish_annual_statistics
    from fazhi.enforcement.services import create_action, create_officer

    body = _body(world, "示例执法主体（公示）")
    for step in ("confirm", "publish"):
        run(BODY_WORKFLOW, step, body, actor=world.bureau, data={"date": date(2024, 1, 5)}, version=TRUSTED)
        body.refresh_from_db()
    officer_id = make_id_card("330381", date(1985, 3, 4), 21)
    officer = create_officer(
        actor=world.bureau, data={"org": world.unit, "name": "赵六", "id_number": officer_id}
    )
    cert = {"number": "ZF-PUB-0001", "issued_on": date(2023, 1, 1), "valid_until": date(2030, 12, 31)}
    run(OFFICER_WORKFLOW, "certificates", officer, actor=world.bureau, data=cert, version=TRUSTED)
    from fazhi.enforcement.tests.factories import no_penalty_item, no_penalty_list

    lst = no_penalty_list(world.bureau, world.unit, "2024版", date(2024, 1, 1))
    no_penalty_item(world.bureau, lst, "首次未按规定公示年度报告")
    party = {"kind": "person", "name": "钱小七", "id_number": PARTY_ID, "phone": PARTY_PHONE}
    data = {
        "body": body.pk,
        "action_type": "penalty",
        "case_number": "示罚〔2024〕9号",
        "filed_on": date(2024, 3, 1),
        "decided_on": date(2024, 3, 4),
        "officers": [officer.pk],
        "parties": [party],
        "recordings": "内部音像记录-0042",
    }
    action = create_action(actor=world.bureau, data=data)
    run(WORKFLOW, "publicize", action, actor=world.bureau, data={"date": date(2024, 3, 6)}, version=TRUSTED)
    action.refresh_from_db()
    publish_annual_statistics(actor=world.bureau, body=body, year=2023, on=date(2024, 1, 20))
    return action, ("钱小七", PARTY_ID, PARTY_PHONE, officer_id, "内部音像记录-0042")


def _review(world: Any) -> Any:
    """A case-file evaluation (评查中) of a decision of the world's unit (``REVIEW_WORKFLOW``)."""
    from fazhi.enforcement.tests.factories import action, case_review

    body = _body(world, "示例执法主体（评查）")
    a = action(world.bureau, body, "示许〔2024〕9号", date(2024, 9, 2), action_type="license")
    return case_review(world.bureau, body, [a], date(2024, 10, 8))


def _complaint(world: Any) -> Any:
    """A complaint (办理中) about a body of the world's unit, the complainant a person (``COMPLAINT_WORKFLOW``)."""
    from fazhi.enforcement.tests.factories import complaint

    return complaint(world.bureau, _body(world, "示例执法主体（投诉）"), date(2024, 9, 2), "李四", PARTY_ID)


def _notice(world: Any) -> Any:
    """A supervision notice (待回复) to a body of the world's unit (``NOTICE_WORKFLOW``)."""
    from fazhi.enforcement.tests.factories import notice

    return notice(world.bureau, _body(world, "示例执法主体（监督）"), date(2024, 9, 2))


def _no_penalty_list(world: Any) -> Any:
    from fazhi.enforcement.tests.factories import no_penalty_list

    return no_penalty_list(world.bureau, world.unit, "示例清单", date(2024, 7, 1))


def _no_penalty_item(world: Any) -> Any:
    from fazhi.enforcement.tests.factories import no_penalty_item, no_penalty_list

    lst = no_penalty_list(world.bureau, world.unit, "示例清单（事项）", date(2024, 7, 1))
    return no_penalty_item(world.bureau, lst, "未按规定公示营业执照")


def _recorder(world: Any) -> Any:
    from fazhi.enforcement.supervision_services import create_recorder

    data = {"org": world.unit, "serial": "DSJ-CONTRACT-1", "in_service_from": date(2024, 1, 2)}
    return create_recorder(actor=world.bureau, data=data)


def _year(bureau: Any, units: dict[str, Any]) -> None:
    """2019 in two units: bodies, officers with and without certificates, decisions on time and late,
    recorders in and out of service."""
    from fazhi.enforcement.tests.factories import supervision_2019, year_2019

    year_2019(bureau, units)
    supervision_2019(bureau, units)


FACTS = ModuleFacts(
    _make,
    r'data-row="([a-z]+-\d+)"',
    has_parties=True,
    year=_year,
    published=_published,
    tables={
        "BODY_WORKFLOW": _body,
        "OFFICER_WORKFLOW": _officer,
        "supervision_actions.REVIEW_WORKFLOW": _review,
        "supervision_actions.COMPLAINT_WORKFLOW": _complaint,
        "supervision_actions.NOTICE_WORKFLOW": _notice,
        "supervision_actions.NO_PENALTY_LIST_TABLE": _no_penalty_list,
        "supervision_actions.NO_PENALTY_TABLE": _no_penalty_item,
        "supervision_actions.RECORDER_TABLE": _recorder,
    },
)
