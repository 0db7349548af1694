"""Governments as scopes (issue 16 item 1): levels, reads down the tree, writes only for the own
government (or where the law makes the upper government the handling body), numbering per government."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.actions import TRUSTED, run
from fazhi.core.models import NumberPattern
from fazhi.disputes.actions import WORKFLOW as DISPUTES
from fazhi.orgs.models import OrgUnit, Role
from fazhi.orgs.scope import business_orgs, ensure_can_write, org_choices_for
from fazhi.testing.clients import page
from fazhi.testing.factories import (
    OrgUnitFactory,
    bureau_unit,
    city_government,
    county_under,
    court,
    department,
    make_dispute,
    make_reconsideration_case,
    make_user,
    second_county,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Any]:
    city = city_government()
    gov = county_under(city)
    city_sfj = OrgUnitFactory(
        code="city-sfj", name="示例地区司法局", kind=OrgUnit.Kind.JUSTICE_BUREAU, parent=city
    )
    return {
        "city": city,
        "a": gov,
        "a_unit": department("d01", "示例市公安局"),
        "a_bureau": make_user(Role.BUREAU, bureau_unit(), username="bureau"),
        "b": second_county(city),
        "court": court(),
        "city_bureau": make_user(Role.BUREAU, city_sfj, username="city_bureau"),
        "city_leader": make_user(Role.LEADER, city, username="city_leader"),
    }


def test_a_government_is_county_level_unless_told(tree: dict[str, Any]) -> None:
    """The platform's first government (``gov`` of the demo) stays a county-level government."""
    assert OrgUnitFactory(code="lone", kind=OrgUnit.Kind.GOVERNMENT).level == OrgUnit.Level.COUNTY
    assert tree["city"].level == OrgUnit.Level.CITY and tree["a"].upper_government == tree["city"]
    assert tree["b"]["unit"].upper_government == tree["city"] and tree["city"].upper_government is None


def test_levels_are_checked(tree: dict[str, Any]) -> None:
    """Only a government has a level, and a government sits below a higher one (行政区划)."""
    dept = OrgUnit(code="x1", name="某局", kind=OrgUnit.Kind.DEPARTMENT, level=OrgUnit.Level.CITY)
    with pytest.raises(ValidationError, match="只有人民政府才有政府层级"):
        dept.full_clean()
    bad = OrgUnit(
        code="x2", name="某市", kind=OrgUnit.Kind.GOVERNMENT, level=OrgUnit.Level.CITY, parent=tree["a"]
    )
    with pytest.raises(ValidationError, match="下级政府的层级须低于上级"):
        bad.full_clean()


def test_units_seen_by_government(tree: dict[str, Any]) -> None:
    """A county sees its own subtree and the shared units (courts), never a neighbour county; the city sees
    both counties."""
    a_sees = set(OrgUnit.objects.visible_to(tree["a_bureau"]))
    assert tree["a_unit"] in a_sees and tree["court"] in a_sees
    assert not a_sees & set(OrgUnit.objects.filter(path__startswith=tree["b"]["gov"].path))
    assert tree["city"] not in a_sees
    for user in (tree["city_bureau"], tree["city_leader"]):
        assert {tree["a_unit"], tree["b"]["unit"]} <= set(OrgUnit.objects.visible_to(user))
        assert {tree["a_unit"], tree["b"]["unit"]} <= set(business_orgs(user))
    assert tree["b"]["unit"] not in set(business_orgs(tree["a_bureau"]))


def test_the_upper_government_reads_but_does_not_write(tree: dict[str, Any]) -> None:
    """An upper government supervises; a county's business data are the county's to change."""
    b = tree["b"]
    dispute = make_dispute(b["bureau"], b["unit"], date(2024, 3, 1))
    city_bureau = tree["city_bureau"]
    with pytest.raises(PermissionDenied, match="下级政府"):
        ensure_can_write(city_bureau, b["unit"])
    with pytest.raises(PermissionDenied, match="只能查看"):
        run(
            DISPUTES,
            "close",
            dispute,
            actor=city_bureau,
            data={"date": date(2024, 3, 5), "resolved": True},
            version=TRUSTED,
        )
    assert b["unit"] not in set(org_choices_for(city_bureau))
    with pytest.raises(PermissionDenied, match="无权操作"):
        ensure_can_write(tree["a_bureau"], b["unit"])
    ensure_can_write(b["bureau"], b["unit"])


def test_the_city_handles_reconsideration_of_a_county_governments_own_act(tree: dict[str, Any]) -> None:
    """行政复议法 (2023) Art 24: an application against a county government's own act is handled by the
    government one level up — numbered by the city, acted on by the city's office; the county reads it."""
    b = tree["b"]
    case = make_reconsideration_case(tree["city_bureau"], b["gov"], date(2024, 3, 1))
    assert case.numbering_government == tree["city"] and case.number == "地政复〔2024〕1号"
    with pytest.raises(PermissionDenied, match="示例地区人民政府"):
        make_reconsideration_case(b["bureau"], b["gov"], date(2024, 3, 2))
    from fazhi.reconsideration.actions import ensure_office

    ensure_office(tree["city_bureau"], case.org, case)
    with pytest.raises(PermissionDenied):
        ensure_office(b["bureau"], case.org, case)
    from fazhi.reconsideration.models import ReconsiderationCase

    assert ReconsiderationCase.objects.visible_to(b["bureau"]).filter(pk=case.pk).exists()
    assert not ReconsiderationCase.objects.visible_to(tree["a_bureau"]).filter(pk=case.pk).exists()


def test_a_second_county_numbers_from_one_with_its_own_prefix(tree: dict[str, Any]) -> None:
    """Numbers are per numbering government (``NumberedRecord.number_unique``): county B starts at 1 with its
    own 简称, and a pattern B's settings give applies to B only."""
    b = tree["b"]
    a1 = make_reconsideration_case(tree["a_bureau"], tree["a_unit"], date(2024, 3, 1))
    a2 = make_reconsideration_case(tree["a_bureau"], tree["a_unit"], date(2024, 3, 2))
    b1 = make_reconsideration_case(b["bureau"], b["unit"], date(2024, 3, 3))
    assert (a1.number, a2.number, b1.number) == (
        "示政复〔2024〕1号",
        "示政复〔2024〕2号",
        "乙政复〔2024〕1号",
    )
    NumberPattern.objects.create(
        org=b["gov"], kind="reconsideration", pattern="乙县复字〔{year}〕第{seq:03d}号"
    )
    b2 = make_reconsideration_case(b["bureau"], b["unit"], date(2024, 3, 4))
    a3 = make_reconsideration_case(tree["a_bureau"], tree["a_unit"], date(2024, 3, 5))
    assert (b2.number, a3.number) == ("乙县复字〔2024〕第002号", "示政复〔2024〕3号")


def test_an_upper_government_reads_but_does_not_write_a_countys_report(tree: dict[str, Any]) -> None:
    """督察规定 Art 24: each government writes and approves its own annual report; the level above reads it."""
    from fazhi.reports.actions import ensure_scope
    from fazhi.reports.services import create_report
    from fazhi.testing.factories import make_report

    b = tree["b"]
    with pytest.raises(PermissionDenied, match="下级政府"):
        create_report(actor=tree["city_bureau"], org=b["gov"], year=2024)
    report = make_report(b["bureau"], b["gov"], 2024)
    for user in (tree["city_bureau"], tree["city_leader"]):
        with pytest.raises(PermissionDenied):
            ensure_scope(user, report)
    ensure_scope(b["leader"], report)
    # a draft stays the county's own; the city reads the report once it is submitted (报送,
    # fazhi.reports.tests.test_submission)
    assert page(tree["city_leader"]).get(f"/reports/{report.pk}/").status_code == 404
