"""The no-penalty list (不予处罚清单, 行政处罚法 Art 33; RULES §6): versions that supersede each other from their
date, items in force on a date (the figure and its drill-down), the portal's selector, the pages, the API and
the Excel import/export through the one ``ImportSpec`` (all rows or none); recorders' entry pages and import."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook, load_workbook

from fazhi.core import imports as core_imports
from fazhi.core.figures import FigureQuery
from fazhi.enforcement import demo, stats
from fazhi.enforcement.models import NoPenaltyItem, NoPenaltyList, Recorder, in_force_q
from fazhi.enforcement.register_imports import NoPenalty, Recorders
from fazhi.enforcement.selectors import published_no_penalty_items
from fazhi.enforcement.tests import factories as f
from fazhi.testing.clients import api, page

pytestmark = pytest.mark.django_db


def _in_force(on: date) -> int:
    return NoPenaltyItem.objects.filter(in_force_q(on)).count()


def test_a_new_version_supersedes_the_old_one_from_its_date(bureau, units) -> None:
    """Art 33 list: the 2019 version replaces the 2018 one from 1 July 2019; the old items end that day."""
    old = f.no_penalty_list(bureau, units["gov"], "2018版", date(2018, 7, 1), date(2018, 6, 20))
    for n in range(3):
        f.no_penalty_item(bureau, old, f"旧事项{n}")
    new = f.no_penalty_list(bureau, units["gov"], "2019版", date(2019, 7, 1), date(2019, 6, 18))
    for n in range(5):
        f.no_penalty_item(bureau, new, f"新事项{n}")
    old.refresh_from_db()
    assert old.superseded_on == date(2019, 7, 1)
    assert set(old.items.values_list("in_force_until", flat=True)) == {date(2019, 7, 1)}
    assert _in_force(date(2019, 6, 30)) == 3 and _in_force(date(2019, 7, 1)) == 5
    got = {x.key: x for x in stats.FIGURES.compute(FigureQuery.for_year(2019))}
    assert got["enforcement.no_penalty_items"].value == 5
    listed = page(bureau).get(got["enforcement.no_penalty_items"].drilldown).content.decode()
    assert listed.count('data-row="nopenalty-') == 5
    # an item added to the superseded version afterwards ends with it; one outside its days is refused
    late = f.no_penalty_item(bureau, old, "旧事项补录")
    assert late.in_force_until == date(2019, 7, 1)
    with pytest.raises(ValidationError, match="不能早于该版本清单的施行日期"):
        f.no_penalty_item(bureau, new, "早于版本", in_force_from=date(2019, 1, 1))
    with pytest.raises(ValidationError, match="已有此违法行为"):
        f.no_penalty_item(bureau, new, "新事项0")


def test_the_portal_selector_shows_published_versions_in_force(bureau, units) -> None:
    lst = f.no_penalty_list(bureau, units["gov"], "2019版", date(2019, 7, 1), date(2019, 6, 18))
    item = f.no_penalty_item(bureau, lst, "未按规定公示营业执照")
    later = f.no_penalty_list(bureau, units["gov"], "2021版", date(2021, 1, 1), date(2020, 12, 1))
    f.no_penalty_item(bureau, later, "未按规定办理备案")
    assert list(published_no_penalty_items(date(2019, 6, 30))) == []
    assert list(published_no_penalty_items(date(2019, 12, 31))) == [item]
    assert [i.violation for i in published_no_penalty_items(date(2021, 1, 1))] == ["未按规定办理备案"]


def test_the_list_is_the_bureaus(units, bureau, clerk1) -> None:
    with pytest.raises(PermissionDenied, match="司法局"):
        f.no_penalty_list(clerk1, units["d01"], "部门版", date(2019, 7, 1))
    assert not NoPenaltyList.objects.exists()


def test_the_demo_gives_250_items_in_force_at_the_end_of_2019(units) -> None:
    """FIGURES.md enforcement.no_penalty_items: 250 in force on 31 Dec 2019 (the seed)."""
    demo._no_penalty(units["gov"])
    assert _in_force(date(2019, 12, 31)) == 250 and _in_force(date(2019, 6, 30)) == 180
    assert NoPenaltyList.objects.get(name="2018版").superseded_on == date(2019, 7, 1)


def test_pages_and_api(bureau, units, clerk1) -> None:
    c = page(bureau)
    r = c.post(
        "/enforcement/no-penalty/versions/new/",
        {
            "org": units["gov"].pk,
            "name": "2019版",
            "published_on": "2019-06-18",
            "in_force_from": "2019-07-01",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    lst = NoPenaltyList.objects.get()
    r = c.post("/enforcement/no-penalty/new/", {"list": lst.pk, "field": "市场监管", "violation": "甲"})
    assert r.status_code == 302
    item = NoPenaltyItem.objects.get()
    assert item.in_force_from == date(2019, 7, 1)
    assert c.get(f"/enforcement/no-penalty/{item.pk}/").status_code == 200
    assert c.get(f"/enforcement/no-penalty/versions/{lst.pk}/").status_code == 200
    a = api(bureau)
    r = a.post(
        "/api/v1/enforcement/no-penalty-items/",
        {"list": lst.pk, "field": "生态环境", "violation": "乙"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["list_version"] == "2019版"
    assert len(a.get("/api/v1/enforcement/no-penalty-items/?in_force_on=2019-12-31").json()["results"]) == 2
    refused = api(clerk1).post(
        "/api/v1/enforcement/no-penalty-lists/",
        {"org": units["d01"].pk, "name": "x", "published_on": "2019-01-01", "in_force_from": "2019-01-01"},
        format="json",
    )
    assert refused.status_code == 403


def _file(spec: Any, actor: Any, rows: list[dict[str, Any]]) -> io.BytesIO:
    cols = spec.columns(actor)
    wb = Workbook()
    ws = wb.active
    ws.append([c.header + ("*" if c.required else "") for c in cols])
    for row in rows:
        ws.append([row.get(c.key) for c in cols])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_items_import_all_or_nothing_and_export(bureau, units) -> None:
    f.no_penalty_list(bureau, units["gov"], "2019版", date(2019, 7, 1))
    good = [{"list": "2019版", "field": "市场监管", "violation": f"事项{n}"} for n in range(3)]
    bad = {"list": "2019版", "field": "市场监管", "violation": "事项早", "in_force_from": "2019-01-01"}
    result = core_imports.run(NoPenalty.SPEC, _file(NoPenalty.SPEC, bureau, [*good, bad]), bureau)
    assert result.errors and NoPenaltyItem.objects.count() == 0
    assert any("不能早于该版本清单的施行日期" in e.message for e in result.errors)
    result = core_imports.run(NoPenalty.SPEC, _file(NoPenalty.SPEC, bureau, good), bureau)
    assert not result.errors and result.created == 3 and NoPenaltyItem.objects.count() == 3
    again = core_imports.run(NoPenalty.SPEC, _file(NoPenalty.SPEC, bureau, good[:1]), bureau)
    assert again.errors and NoPenaltyItem.objects.count() == 3  # the same violation of the same version
    export = page(bureau).get("/enforcement/no-penalty/export/")
    cells = [
        c.value for row in load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows() for c in row
    ]
    assert "事项2" in cells


def test_recorders_entry_page_and_import(bureau, units, clerk1, clerk2) -> None:
    """全过程记录 (行政处罚法 Art 47): a unit registers its recorders one by one or from a sheet."""
    c = page(clerk1)
    r = c.post(
        "/enforcement/recorders/new/",
        {"org": units["d01"].pk, "serial": "DSJ-1", "in_service_from": "2019-03-01"},
    )
    assert r.status_code == 302
    rec = Recorder.objects.get()
    assert c.get(f"/enforcement/recorders/{rec.pk}/").status_code == 200
    assert page(clerk2).get(f"/enforcement/recorders/{rec.pk}/").status_code == 404
    rows = [
        {"org": units["d01"].name, "serial": "DSJ-2", "in_service_from": "2019-03-01"},
        {
            "org": units["d01"].name,
            "serial": "DSJ-3",
            "in_service_from": "2019-03-01",
            "in_service_to": "2019-01-01",
        },
    ]
    result = core_imports.run(Recorders.SPEC, _file(Recorders.SPEC, clerk1, rows), clerk1)
    assert any("停用日期不能早于启用日期" in e.message for e in result.errors)
    assert Recorder.objects.count() == 1
    result = core_imports.run(Recorders.SPEC, _file(Recorders.SPEC, clerk1, rows[:1]), clerk1)
    assert not result.errors and Recorder.objects.count() == 2
    refused = core_imports.run(
        Recorders.SPEC, _file(Recorders.SPEC, clerk2, [{**rows[0], "serial": "DSJ-9"}]), clerk2
    )
    assert refused.errors and Recorder.objects.count() == 2  # d01 is not clerk2's unit


def test_a_version_published_ahead_applies_from_its_day(bureau, units) -> None:
    """Art 33 list published on 18 June to apply from 1 July: entered on 18 June, both the version and the
    item it ends in the old version carry the day to come; counted in force only from that day."""
    with time_machine.travel(datetime(2019, 6, 18, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        old = f.no_penalty_list(bureau, units["gov"], "2018版", date(2018, 7, 1), date(2018, 6, 20))
        f.no_penalty_item(bureau, old, "旧事项")
        new = f.no_penalty_list(bureau, units["gov"], "2019版", date(2019, 7, 1), date(2019, 6, 18))
        f.no_penalty_item(bureau, new, "新事项", in_force_until="2020-06-01")
    assert NoPenaltyItem.objects.get(violation="旧事项").in_force_until == date(2019, 7, 1)
    assert (_in_force(date(2019, 6, 30)), _in_force(date(2019, 7, 1))) == (1, 1)
    assert NoPenaltyItem.objects.filter(in_force_q(date(2019, 7, 1)), violation="新事项").exists()
