"""工作要点 and 督查 (issue 14 item 5): a plan item's co-units are units of the actor's government, its progress
notes are a step that sets the status; an inspection's finding creates the unit's rectification task, whose
overdue flag shows on the workbench of the unit and of the office."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.actions import TRUSTED, run
from fazhi.core.api import MAX_ID
from fazhi.governance import actions, services, workbench
from fazhi.governance.models import Finding, Inspection, PlanItem, PlanStatus, Rectification
from fazhi.orgs.models import OrgUnit
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import OrgUnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _plan(bureau: Any, units: Any, title: str = "要点", **kw: Any) -> PlanItem:
    data = {"org": units["sfj"], "year": 2019, "title": title, "due_on": date(2019, 12, 31), **kw}
    return services.create_plan_item(actor=bureau, data=data)


def test_co_units_are_units_of_the_own_government(bureau: Any, units: Any) -> None:
    other = OrgUnitFactory(code="elsewhere", name="邻县人民政府", kind=OrgUnit.Kind.GOVERNMENT)
    with pytest.raises(ValidationError, match="协办单位不在本级政府范围内：邻县人民政府"):
        _plan(bureau, units, co_units=[units["d01"], other])
    assert not PlanItem.objects.exists()
    p = _plan(bureau, units, co_units=[units["d01"], units["d02"]])
    assert set(p.co_units.all()) == {units["d01"], units["d02"]}


def test_progress_is_a_dated_step_setting_the_status(bureau: Any, units: Any, clerk1: Any) -> None:
    p = _plan(bureau, units)
    assert p.status == PlanStatus.NOT_STARTED
    with pytest.raises(ValidationError, match="请填写推进情况"):
        run(
            actions.PLAN,
            "progress",
            p,
            actor=bureau,
            data={"date": date(2019, 6, 1), "note": " ", "status": "late"},
            version=TRUSTED,
        )
    p = run(
        actions.PLAN,
        "progress",
        p,
        actor=bureau,
        data={"date": date(2019, 6, 1), "note": "完成自评", "status": "in_progress"},
        version=TRUSTED,
    )
    p = run(
        actions.PLAN,
        "progress",
        p,
        actor=bureau,
        data={"date": date(2019, 12, 1), "note": "未按期完成", "status": "late"},
        version=TRUSTED,
    )
    assert p.status == PlanStatus.LATE
    assert [(x.note, x.status) for x in p.progress.all()] == [
        ("完成自评", "in_progress"),
        ("未按期完成", "late"),
    ]
    # the unit outside the lead unit's subtree cannot record progress (scope), on page or API
    r = api(clerk1).post(
        f"/api/v1/governance/plan-items/{p.pk}/progress/",
        {"date": "2019-12-2", "note": "x", "status": "done", "version": p.version},
        format="json",
    )
    assert r.status_code == 404
    html = page(bureau).get(f"/governance/plan-items/{p.pk}/").content.decode()
    assert "完成自评" in html and "未按期完成" in html


def test_plan_list_filters_and_bounded_queries(
    bureau: Any, units: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(5):
        _plan(bureau, units, title=f"要点{i}", co_units=[units["d01"]] if i % 2 else [units["d02"]])
    late = _plan(bureau, units, title="滞后的要点")
    run(
        actions.PLAN,
        "progress",
        late,
        actor=bureau,
        data={"date": date(2019, 6, 1), "note": "滞后", "status": "late"},
        version=TRUSTED,
    )
    c = page(bureau)
    with django_assert_max_num_queries(13):
        html = c.get("/governance/plan-items/").content.decode()
    assert html.count('data-row="plan-') == 6
    assert c.get("/governance/plan-items/?status=late").content.decode().count('data-row="plan-') == 1
    co = c.get(f"/governance/plan-items/?co_unit={units['d01'].pk}").content.decode()
    assert co.count('data-row="plan-') == 2
    assert (
        api(bureau).get("/api/v1/governance/plan-items/?status=late").json()["results"][0]["title"]
        == "滞后的要点"
    )


def _inspection(bureau: Any, units: Any) -> Inspection:
    return services.create_inspection(
        actor=bureau, data={"org": units["sfj"], "title": "全面督查", "date": date(2019, 11, 1)}
    )


def test_a_finding_creates_the_units_rectification_and_the_workbench_flags_it(
    bureau: Any, units: Any, clerk1: Any, clerk2: Any
) -> None:
    with pytest.raises(PermissionDenied, match="督查由司法局"):
        services.create_inspection(actor=clerk1, data={"title": "x", "date": date(2019, 11, 1)})
    i = _inspection(bureau, units)
    i = run(
        actions.INSPECTIONS,
        "finding",
        i,
        actor=bureau,
        data={"org": units["d01"], "text": "执法公示不及时", "due_on": date(2019, 12, 15)},
        version=TRUSTED,
    )
    r = Rectification.objects.get()
    assert (r.org, r.title, r.finding.inspection) == (units["d01"], "执法公示不及时", i)
    # overdue (the pinned clock is past 15 December 2019) on the unit's and the office's workbench
    today = date.today()
    for user in (clerk1, bureau):
        items = workbench.items(user, today)
        assert [(w.status, w.title) for w in items] == [
            ("overdue", f"{units['d01'].name}：执法公示不及时（全面督查）")
        ]
    assert workbench.items(clerk2, today) == []
    html = page(bureau).get(f"/governance/inspections/{i.pk}/").content.decode()
    assert "执法公示不及时" in html and "data-overdue" in html
    # the unit sees its task, not the inspection; a clerk cannot add findings
    assert page(clerk1).get(f"/governance/rectifications/{r.pk}/").status_code == 200
    assert page(clerk1).get(f"/governance/inspections/{i.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        run(
            actions.INSPECTIONS,
            "finding",
            i,
            actor=clerk1,
            data={"org": units["d01"], "text": "x", "due_on": date(2020, 1, 1)},
            version=TRUSTED,
        )


def test_finding_through_the_api_rolls_back_on_a_bad_task(bureau: Any, units: Any) -> None:
    i = _inspection(bureau, units)
    url = f"/api/v1/governance/inspections/{i.pk}/finding/"
    bad = api(bureau).post(
        url, {"org": units["d02"].pk, "text": "", "due_on": "2020-01-31", "version": 1}, format="json"
    )
    assert bad.status_code == 400 and not Finding.objects.exists() and not Rectification.objects.exists()
    missing = api(bureau).post(
        url, {"org": MAX_ID, "text": "审查记录不完整", "due_on": "2020-01-31", "version": 1}, format="json"
    )
    assert missing.status_code == 400 and "被督查单位不存在" in str(missing.json())
    assert not Finding.objects.exists()
    ok = api(bureau).post(
        url,
        {"org": units["d02"].pk, "text": "审查记录不完整", "due_on": "2020-01-31", "version": 1},
        format="json",
    )
    assert ok.status_code == 200, ok.json()
    assert Rectification.objects.get().finding.text == "审查记录不完整"
    listed = api(bureau).get(f"/api/v1/governance/rectifications/?inspection={i.pk}").json()["results"]
    assert [x["title"] for x in listed] == ["审查记录不完整"]
