"""The demo gives the seed report's 2019 (issue 14 item 9): the six indicator values, the training of 200多名,
the 顾而不问 advisers, and a report draft whose sections 一, 二, 三 and 四 carry the seed's facts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.governance import demo, selectors, stats
from fazhi.governance.models import (
    Assessment,
    Inspection,
    OfficeHolder,
    PlanItem,
    PlanStatus,
    Rectification,
    Training,
)
from fazhi.orgs import demo as orgs_demo
from fazhi.reports import demo as reports_demo
from fazhi.reports.figures import FigureQuery

pytestmark = pytest.mark.django_db


def test_demo_gives_the_seed_2019_and_is_idempotent() -> None:
    orgs_demo.load_units()
    assert demo.load() > 0
    figs = {f.key: f for f in stats.compute(FigureQuery.for_year(2019))}
    assert {k: figs[k].display() for k in demo.VALUES} == {
        "business.online_rate": "100.00%",
        "business.mobile_rate": "100.00%",
        "business.startup_hours": "8",
        "business.investment_approval_days": "90",
        "business.commitment_items": "79",
        "business.commitment_negative_items": "89",
    }
    assert figs["governance.training_participants"].value >= 200
    assert figs["governance.idle_advisers"].value == 3
    n = OfficeHolder.objects.count()
    assert demo.load() == 0 and OfficeHolder.objects.count() == n
    report = reports_demo.load()
    text = {s.code: s.text for s in report.sections.all()}
    assert "市委书记[于2019年7月4日主持召开市委全面依法治市委员会第一次会议" in text["leaders"]
    assert "[于12月4日参加“12·4”国家宪法日活动并致辞]" in text["leaders"]
    assert "市长[于2019年5月9日主持召开市法治政府建设工作领导小组（扩大）会议" in text["leaders"]
    assert "《重大行政决策程序暂行条例》" in text["measures"] and "《浙江省行政程序办法》" in text["measures"]
    assert "告知承诺制负面清单{{business.commitment_negative_items}}项" in text["measures"]
    assert "“顾而不问”" in text["shortcomings"].splitlines()[0]
    assert len(text["plans"].splitlines()) == 5 and "继续强化组织统筹协调" in text["plans"]
    # issue 14 item 8: the 2019 plan with status and progress, the inspection with its findings and their
    # rectifications (one overdue), the assessment with scores, the training's participant list
    plan = PlanItem.objects.filter(year=2019)
    assert {p.status for p in plan} == set(PlanStatus.values) and any(p.progress.exists() for p in plan)
    assert "坚持科学部署。年初制定[2019年法治政府建设工作要点5项]" in text["measures"]
    inspection = Inspection.objects.get()
    rects = Rectification.objects.filter(finding__inspection=inspection)
    assert rects.count() == inspection.findings.count() >= 3
    assert rects.filter(status="open", due_on__lt=date(2020, 3, 1)).count() == 1
    a = Assessment.objects.get(year=2019)
    assert figs["governance.assessment_average"].value is not None
    assert len({r["org_id"] for r in selectors.ranking(_bureau(), a)}) == len(demo.ASSESSED)
    training = Training.objects.get(start_on__year=2019)
    assert training.participant_rows.count() == training.participants >= 200


def _bureau() -> Any:
    from fazhi.orgs.models import OrgUnit, Role
    from fazhi.testing.factories import make_user

    return make_user(Role.BUREAU, OrgUnit.objects.get(code="sfj"))
