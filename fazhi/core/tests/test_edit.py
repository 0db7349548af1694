"""更正登记信息 (issue 15 item 3): ``POST …/cases/{id}/edit/`` corrects registration data with a reason,
audited with the old and the new values, checked like a registration; the status and a concluded case's
outcome never change through it."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, run
from fazhi.litigation.models import LitigationCase
from fazhi.orgs.models import OrgUnit, User
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.testing.clients import api, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import make_litigation_case, make_reconsideration_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _url(module: str, pk: int) -> str:
    return f"/api/v1/{module}/cases/{pk}/edit/"


def test_edit_with_reason_is_audited_with_old_and_new(units: dict[str, OrgUnit], bureau: User) -> None:
    case = make_reconsideration_case(bureau, units["d01"], received_on=date(2026, 3, 2))
    body = {"contested_act": "行政拘留决定", "reason": "登记时写错", "version": case.version}
    r = api(bureau).post(_url("reconsideration", case.pk), body, format="json")
    assert r.status_code == 200, r.content
    assert (r.json()["contested_act"], r.json()["status"]) == ("行政拘留决定", "received")
    event = AuditEvent.objects.get(action="reconsideration.edit", object_id=str(case.pk))
    text = str(event.diff)
    assert "治安管理处罚决定" in text and "行政拘留决定" in text and "登记时写错" in text
    assert case.status_changes.order_by("-id").first().note.startswith("更正被申请的行政行为")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"contested_act": "x"}, 400),  # no reason
        ({"contested_act": "x", "reason": "r", "version": 99}, 409),  # stale
        ({"contested_act": "x", "reason": "r"}, 400),  # no version
        (
            {"act_date": "2026-03-05", "reason": "r"},
            400,
        ),  # after receipt: the model's CHECK, as on registration
    ],
)
def test_bad_edits_change_nothing(units: dict[str, OrgUnit], bureau: User, body: dict, status: int) -> None:
    case = make_reconsideration_case(bureau, units["d01"], received_on=date(2026, 3, 2))
    if "act_date" in body:
        body = {**body, "version": case.version}
    r = api(bureau).post(_url("reconsideration", case.pk), body, format="json")
    assert r.status_code == status, r.content
    assert ReconsiderationCase.objects.get(pk=case.pk).contested_act == "治安管理处罚决定"
    assert not AuditEvent.objects.filter(action="reconsideration.edit").exists()


def test_concluded_outcome_is_never_changed(units: dict[str, OrgUnit], bureau: User, clerk1: User) -> None:
    case = make_reconsideration_case(bureau, units["d01"], received_on=date(2026, 3, 2))
    run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2026, 3, 4)}, version=TRUSTED)
    run(
        WORKFLOW,
        "conclude",
        case,
        actor=bureau,
        data={"date": date(2026, 5, 4), "outcome": "upheld"},
        version=TRUSTED,
    )
    case.refresh_from_db()
    body = {
        "outcome": "revoked",
        "field": "natural_resources",
        "reason": "领域登记错误",
        "version": case.version,
    }
    r = api(bureau).post(_url("reconsideration", case.pk), body, format="json")
    assert r.status_code == 200
    case.refresh_from_db()
    assert (case.outcome, case.field, case.status) == ("upheld", "natural_resources", "concluded")
    assert api(clerk1).post(_url("reconsideration", case.pk), body, format="json").status_code == 403


def test_litigation_edit(units: dict[str, OrgUnit], bureau: User, clerk2: User) -> None:
    case = make_litigation_case(bureau, units["d01"], units["court"], served_on=date(2026, 3, 2))
    body = {"cause": "不服行政强制措施", "reason": "案由登记错误", "version": case.version}
    assert (
        api(clerk2).post(_url("litigation", case.pk), body, format="json").status_code == 404
    )  # out of scope
    r = api(bureau).post(_url("litigation", case.pk), body, format="json")
    assert r.status_code == 200, r.content
    assert LitigationCase.objects.get(pk=case.pk).cause == "不服行政强制措施"
    assert AuditEvent.objects.filter(action="litigation.edit", object_id=str(case.pk)).exists()
