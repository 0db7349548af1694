"""A rule of a dispute holds on every path into the database (brief rule 7): the page form, the API, the
service, the Excel import and the demo.

The rule checked: 事权单位 (the unit concerned) is the government, one of its departments or a township —
never a court or an upper body (``Dispute.clean``). To reach the rule rather than the scope check, the
court-kind unit here lies inside the government's tree, so the Justice Bureau may otherwise write for it.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.audit.models import AuditEvent
from fazhi.core.demo import checked
from fazhi.core.imports import run
from fazhi.disputes import imports, services
from fazhi.disputes.models import Dispute, Status
from fazhi.orgs.models import OrgUnit
from fazhi.testing.factories import ID_NUMBER, OrgUnitFactory

from .test_api import BASE, api, body
from .test_import import row, workbook
from .test_views import client_for

pytestmark = pytest.mark.django_db
RULE = "事权单位应为本级政府或其部门、乡镇（街道）"


@pytest.fixture
def tribunal(units: dict[str, OrgUnit]) -> OrgUnit:
    """A court-kind unit inside the government's tree (e.g. a 派出法庭 entered under it)."""
    return OrgUnitFactory(
        code="tribunal", name="示例市某派出法庭", kind=OrgUnit.Kind.COURT, parent=units["gov"]
    )


def _nothing_written() -> None:
    assert not Dispute.objects.exists()
    assert not AuditEvent.objects.filter(action="disputes.create").exists()


def _data(org: OrgUnit) -> dict[str, Any]:
    return {
        "org": org,
        "source": "petition",
        "channel": "court",
        "opened_on": date(2019, 3, 1),
        "summary": "征收补偿争议",
        "parties": [services.PartyData("张三", "person", ID_NUMBER)],
    }


def test_model_refuses_a_court_as_unit_concerned(tribunal: OrgUnit, units: dict[str, OrgUnit]) -> None:
    d = Dispute(org=tribunal, source="petition", channel="court", opened_on=date(2019, 3, 1), summary="x")
    with pytest.raises(ValidationError) as exc:
        d.full_clean(exclude=["number", "numbering_government"])
    assert exc.value.message_dict["org"] == [RULE]
    d.org = units["d01"]
    d.full_clean(exclude=["number", "numbering_government"])  # the same dispute for a department is fine


def test_service_refuses_it_for_a_user_and_for_the_system(tribunal: OrgUnit, bureau: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_dispute(actor=bureau, data=_data(tribunal))
    assert exc.value.message_dict["org"] == [RULE]
    # ``actor=None`` (fazhi import without --user) has no scope limit: the rule alone refuses the court.
    with pytest.raises(ValidationError) as exc:
        services.create_dispute(actor=None, data=_data(OrgUnit.objects.get(code="court")))
    assert exc.value.message_dict["org"] == [RULE]
    _nothing_written()


def test_service_names_each_bad_field_in_chinese(units: dict[str, OrgUnit], bureau: Any) -> None:
    data = {**_data(units["d01"]), "source": "nonsense", "channel": "x", "summary": "   "}
    with pytest.raises(ValidationError) as exc:
        services.create_dispute(actor=bureau, data=data)
    errors = exc.value.message_dict
    assert errors["source"] == ["来源「nonsense」无效"] and errors["channel"] == ["化解渠道「x」无效"]
    assert errors["summary"] == ["请填写争议概要"]  # blank once stripped
    _nothing_written()


def test_page_form_refuses_it(tribunal: OrgUnit, bureau: Any) -> None:
    form = {
        "org": tribunal.pk,
        "source": "petition",
        "channel": "court",
        "opened_on": "2019-03-01",
        "summary": "征收补偿争议",
        "party_kind": "person",
    }
    r = client_for(bureau).post(reverse("disputes:dispute_create"), form)
    assert r.status_code == 200 and r.context["form"].errors["org"]  # the unit picker does not offer it
    _nothing_written()


def test_api_refuses_it_in_chinese(tribunal: OrgUnit, units: dict[str, OrgUnit], bureau: Any) -> None:
    r = api(bureau).post(BASE, body(units, org=tribunal.pk), format="json")
    assert r.status_code == 400 and RULE in str(r.json())
    _nothing_written()


@pytest.mark.parametrize("as_system", [False, True])
def test_import_refuses_it(
    tribunal: OrgUnit, units: dict[str, OrgUnit], bureau: Any, as_system: bool
) -> None:
    actor = None if as_system else bureau
    result = run(imports.SPEC, io.BytesIO(workbook(actor, [row(units, org=tribunal.name)])), actor)
    assert not result.ok and [e.column for e in result.errors] == ["事权单位"]
    _nothing_written()


def test_import_runs_the_models_clean(units: dict[str, OrgUnit], bureau: Any) -> None:
    """The import checks a row with ``full_clean``, hence ``Dispute.clean``: a closed row must say whether
    the dispute was resolved (the rule of the ``close`` action)."""
    result = run(imports.SPEC, io.BytesIO(workbook(bureau, [row(units, resolved=None)])), bureau)
    assert ("是否化解成功", "办结时须注明是否化解成功") in [(e.column, e.message) for e in result.errors]
    _nothing_written()


def test_demo_path_checks_the_same_rules(tribunal: OrgUnit, units: dict[str, OrgUnit]) -> None:
    """The demo bulk-writes; ``core.demo.checked`` runs the model's rules on its records first."""
    good = Dispute(org=units["d01"], source="petition", channel="court", opened_on=date(2019, 3, 1))
    good.summary, good.number = "征收补偿争议", "示争〔2019〕1号"
    bad = Dispute(org=tribunal, source="petition", channel="court", opened_on=date(2019, 3, 1))
    bad.summary, bad.number = "征收补偿争议", "示争〔2019〕2号"
    checked([good])
    with pytest.raises(ValidationError) as exc:
        checked([good, bad])
    assert exc.value.message_dict["org"] == [RULE]
    closed_early = Dispute(
        org=units["d01"],
        source="petition",
        channel="court",
        summary="x",
        number="示争〔2019〕3号",
        opened_on=date(2019, 3, 1),
        closed_on=date(2019, 2, 1),
        status=Status.CLOSED,
        resolved=True,
    )
    with pytest.raises(ValidationError, match="办结日期不能早于受理日期"):
        checked([closed_early])
