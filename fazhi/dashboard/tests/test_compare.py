"""Roll-ups and the comparison of governments (issue 16 item 3): counts summed, rates recomputed from the
summed numerators and bases (never averaged), ranked, drilling down government → units → records."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.core.actions import TRUSTED, run
from fazhi.core.figures import FigureQuery, collect
from fazhi.dashboard.compare import compare
from fazhi.disputes.actions import WORKFLOW as DISPUTES
from fazhi.orgs.models import OrgUnit, Role
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import (
    OrgUnitFactory,
    bureau_unit,
    city_government,
    county_under,
    department,
    make_dispute,
    make_user,
    second_county,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
RATE = "disputes.resolution_rate"


def _closed(actor: Any, unit: OrgUnit, resolved: bool) -> None:
    d = make_dispute(actor, unit, date(2019, 3, 1))
    run(
        DISPUTES,
        "close",
        d,
        actor=actor,
        data={"date": date(2019, 3, 10), "resolved": resolved},
        version=TRUSTED,
    )


@pytest.fixture
def tree() -> dict[str, Any]:
    """County A: 1 dispute closed, resolved (100 %); county B: 3 closed, none resolved (0 %)."""
    city = city_government()
    a = county_under(city)
    a_bureau = make_user(Role.BUREAU, bureau_unit(), username="bureau")
    b = second_county(city)
    _closed(a_bureau, department("d01", "示例市公安局"), True)
    for _ in range(3):
        _closed(b["bureau"], b["unit"], False)
    sfj = OrgUnitFactory(
        code="city-sfj", name="示例地区司法局", kind=OrgUnit.Kind.JUSTICE_BUREAU, parent=city
    )
    return {"city": city, "a": a, "b": b, "a_bureau": a_bureau, "city_bureau": make_user(Role.BUREAU, sfj)}


def test_the_roll_up_recomputes_rates_from_summed_counts(tree: dict[str, Any]) -> None:
    """FIGURES.md rates: numerator / base of the whole scope — 1 of 4 is 25 %, not the mean of 100 % and 0 %."""
    figures = collect(FigureQuery.for_year(2019, tree["city"]))
    assert figures["disputes.handled"].value == 4 and figures["disputes.resolved"].value == 1
    assert figures[RATE].value == 0.25
    table = compare(2019, tree["city"], RATE)
    assert table.total is not None and table.total.value == 0.25
    assert [(r.rank, r.name, r.figure.value, r.numerator.value, r.denominator.value) for r in table.rows] == [  # type: ignore[union-attr]
        (1, "示例市人民政府", 1.0, 1, 1),
        (2, "乙县人民政府", 0.0, 0, 3),
    ]


def test_the_page_drills_down_and_stays_in_scope(tree: dict[str, Any]) -> None:
    """Province/city → county → unit → records; a county cannot open a neighbour's table (404)."""
    client = page(tree["city_bureau"])
    html = client.get("/dashboard/compare/", {"year": 2019, "key": RATE}).content.decode()
    assert "25.00%" in html and f"?gov={tree['b']['gov'].pk}" in html
    county = client.get(
        "/dashboard/compare/", {"year": 2019, "key": "disputes.handled", "gov": tree["b"]["gov"].pk}
    )
    text = county.content.decode()
    assert county.status_code == 200 and "乙县公安局" in text and "/disputes/?" in text
    a = page(tree["a_bureau"])
    assert a.get("/dashboard/compare/", {"year": 2019, "gov": tree["b"]["gov"].pk}).status_code == 404
    own = a.get("/dashboard/compare/", {"year": 2019, "key": "disputes.handled"}).content.decode()
    assert "示例市公安局" in own and "乙县" not in own


def test_the_chart_data_matches_the_table_and_stays_in_scope(tree: dict[str, Any]) -> None:
    """The ECharts endpoint (ranking bars, schematic map of the government tree) gives the table's values;
    a province's map nests its cities' counties; a county gets no neighbour (404)."""
    province = OrgUnitFactory(
        code="prov", name="示例省人民政府", kind=OrgUnit.Kind.GOVERNMENT, level=OrgUnit.Level.PROVINCE
    )
    OrgUnit.objects.filter(pk=tree["city"].pk).update(parent=province)
    for unit in OrgUnit.objects.filter(path__startswith=tree["city"].path):
        unit.save()  # paths follow the new parent
    client = page(tree["city_bureau"])
    data = client.get("/dashboard/compare/data/", {"year": 2019, "key": RATE}).json()
    table = compare(2019, OrgUnit.objects.get(pk=tree["city"].pk), RATE)
    assert data["key"] == RATE and data["rate"] is True and data["total"]["value"] == 0.25
    assert [(r["rank"], r["name"], r["value"], r["display"]) for r in data["rows"]] == [
        (r.rank, r.name, r.figure.value, r.figure.display())  # type: ignore[union-attr]
        for r in table.rows
    ]
    assert [(n["name"], n["value"]) for n in data["tree"]] == [
        ("示例市人民政府", [1, 1.0]),  # size: the rate's base (1 closed), colour: the rate
        ("乙县人民政府", [3, 0.0]),
    ]
    a = page(tree["a_bureau"])
    assert a.get("/dashboard/compare/data/", {"year": 2019, "gov": tree["b"]["gov"].pk}).status_code == 404
    assert [n["name"] for n in a.get("/dashboard/compare/data/", {"year": 2019}).json()["tree"]] == []
    # the province's map: cities, each with its counties (drill-down by click)
    province_bureau = make_user(
        Role.BUREAU,
        OrgUnitFactory(
            code="prov-sfj", name="示例省司法厅", kind=OrgUnit.Kind.JUSTICE_BUREAU, parent=province
        ),
    )
    data = page(province_bureau).get("/dashboard/compare/data/", {"year": 2019, "key": RATE}).json()
    assert [(n["name"], [c["name"] for c in n["children"]]) for n in data["tree"]] == [
        ("示例地区人民政府", ["示例市人民政府", "乙县人民政府"])
    ]
    assert data["tree"][0]["value"] == [4, 0.25]
