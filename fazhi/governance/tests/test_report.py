"""What 法治建设综合 writes into the annual report (issue 14 item 7): section 三 from the duty records, one
paragraph per office holder in the seed's style, each act linked to its record; section 一 from the
confirmed indicators; suggestions for section 二 from the 顾而不问 advisers and late rectifications."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from fazhi.core.actions import TRUSTED, run
from fazhi.governance import actions, report, services
from fazhi.reports.compose import runs_for
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import make_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


@pytest.fixture
def duties(bureau: Any, units: Any) -> dict[str, Any]:
    gov = units["gov"]
    sec = services.create_holder(
        actor=bureau,
        data={
            "org": gov,
            "post": "secretary",
            "title": "市委书记",
            "person": "陈某",
            "term_from": date(2017, 1, 1),
        },
    )
    mayor = services.create_holder(
        actor=bureau,
        data={"org": gov, "post": "mayor", "title": "市长", "person": "李某", "term_from": date(2017, 1, 1)},
    )

    def duty(h: Any, on: date, kind: str, subject: str) -> Any:
        return services.create_duty(
            actor=bureau, data={"person_post": h, "date": on, "kind": kind, "subject": subject}
        )

    return {
        "meeting": duty(sec, date(2019, 7, 4), "meeting", "主持召开市委全面依法治市委员会第一次会议"),
        "day": duty(sec, date(2019, 12, 4), "constitution_day", "参加“12·4”国家宪法日活动并致辞"),
        "study1": duty(sec, date(2019, 3, 1), "study", "主持市委常委会议学习法律法规"),
        "study2": duty(sec, date(2019, 9, 1), "study", "主持市委常委会议学习法律法规"),
        "mayor": duty(mayor, date(2019, 5, 9), "meeting", "主持召开市法治政府建设工作领导小组（扩大）会议"),
        "other_year": duty(mayor, date(2020, 5, 9), "meeting", "2020年的会议"),
        "sec": sec,
        "mayor_holder": mayor,
    }


def test_section_three_has_a_paragraph_per_office_holder_with_links(
    duties: dict[str, Any], units: Any
) -> None:
    secretary, mayor = report.leaders(2019, units["gov"])
    text = re.sub(r"\]\([^)]*\)|\[", "", secretary)
    assert text == (
        "（一）市委书记高度重视法治政府建设和依法行政工作，切实履行法治建设第一责任人职责。"
        "市委书记于2019年7月4日主持召开市委全面依法治市委员会第一次会议；于12月4日参加“12·4”国家宪法日活动并致辞；"
        "多次主持市委常委会议学习法律法规。"
    )
    assert f"(/governance/duties/{duties['meeting'].pk}/)" in secretary
    assert f"(/governance/duties/{duties['day'].pk}/)" in secretary
    assert f"person_post={duties['sec'].pk}&kind=study&date_from=2019-01-01&date_to=2019-12-31" in secretary
    assert (
        mayor.startswith("（二）市长")
        and "于2019年5月9日主持召开市法治政府建设工作领导小组（扩大）会议" in mayor
    )
    assert "2020年的会议" not in mayor
    runs = runs_for(secretary, {})
    assert [r.href for r in runs if r.href][0] == f"/governance/duties/{duties['meeting'].pk}/"


def test_the_report_draft_carries_section_three_and_the_page_links_it(
    duties: dict[str, Any], bureau: Any, units: Any
) -> None:
    r = make_report(bureau, units["gov"], 2019)
    leaders = r.sections.get(code="leaders").text
    assert "于2019年7月4日主持召开市委全面依法治市委员会第一次会议" in leaders and "（请填写）" not in leaders
    html = page(bureau).get(f"/reports/{r.pk}/").content.decode()
    assert f'href="/governance/duties/{duties["meeting"].pk}/">于2019年7月4日主持召开' in html
    # the drill-down of "多次…" lists exactly the two study records
    listed = page(bureau).get(
        f"/governance/duties/?person_post={duties['sec'].pk}&kind=study&date_from=2019-01-01&date_to=2019-12-31"
    )
    assert set(re.findall(r'data-row="(duty-\d+)"', listed.content.decode())) == {
        f"duty-{duties['study1'].pk}",
        f"duty-{duties['study2'].pk}",
    }


def test_section_two_suggests_idle_advisers_and_late_rectifications(bureau: Any, units: Any) -> None:
    services.create_adviser(
        actor=bureau,
        data={
            "org": units["d01"],
            "name": "某律师",
            "contract_from": date(2019, 1, 1),
            "contract_until": date(2020, 12, 31),
        },
    )
    late = services.create_rectification(
        actor=bureau, data={"org": units["d02"], "title": "整改", "due_on": date(2019, 6, 30)}
    )
    run(actions.WORKFLOW, "complete", late, actor=bureau, data={"date": date(2019, 7, 2)}, version=TRUSTED)
    idle, rect = report.shortcomings(2019, units["gov"])
    assert f"[{units['d01'].name}1个单位](/governance/advisers/?idle_on=2019-12-31)" in idle
    assert "“顾而不问”" in idle and "近6个月无咨询记录" in idle
    assert rect.startswith("二是整改落实有待加强") and "[1项未按期完成](/governance/rectifications/?" in rect
    draft = make_report(bureau, units["gov"], 2019).sections.get(code="shortcomings").text
    assert draft == f"{idle}\n{rect}"


def test_section_one_reads_the_confirmed_indicators(bureau: Any, units: Any) -> None:
    for key, value in [("business.online_rate", 100), ("business.startup_hours", 8)]:
        v = services.create_value(
            actor=bureau,
            data={"org": units["gov"], "indicator": key, "year": 2019, "value": value, "source": "s"},
        )
        run(
            actions.VALUE_WORKFLOW,
            "confirm",
            v,
            actor=bureau,
            data={"date": date(2020, 1, 5)},
            version=TRUSTED,
        )
    services.create_value(
        actor=bureau,
        data={
            "org": units["gov"],
            "indicator": "business.mobile_rate",
            "year": 2019,
            "value": 90,
            "source": "s",
        },
    )
    assert report.measures(2019, units["gov"]) == [
        "（一）优化法治化营商环境",
        "一是加速营商环境优化。深化“最多跑一次”改革，浙江政务服务事项网办实现率达到{{business.online_rate}}，"
        "实现常态化企业开办{{business.startup_hours}}个工作小时内完成。",
    ]
    measures = make_report(bureau, units["gov"], 2019).sections.get(code="measures").text
    assert measures.splitlines()[0] == "（一）依法化解行政争议，维护社会和谐稳定"
    assert "（二）优化法治化营商环境" in measures.splitlines()


def test_section_four_is_next_years_plan(bureau: Any, units: Any) -> None:
    """工作要点 (issue 14 item 5): the following year's items, in their order, each linked to its record."""
    second = services.create_plan_item(
        actor=bureau,
        data={
            "org": units["sfj"],
            "year": 2020,
            "title": "继续强化矛盾纠纷化解",
            "content": "做大做强行政复议。",
            "order": 20,
        },
    )
    first = services.create_plan_item(
        actor=bureau,
        data={
            "org": units["sfj"],
            "year": 2020,
            "title": "继续强化组织统筹协调",
            "content": "完善考核。",
            "order": 10,
        },
    )
    services.create_plan_item(
        actor=bureau, data={"org": units["sfj"], "year": 2019, "title": "本年要点", "order": 1}
    )
    assert report.plans(2019, units["gov"]) == [
        f"（一）[继续强化组织统筹协调](/governance/plan-items/{first.pk}/)。完善考核。",
        f"（二）[继续强化矛盾纠纷化解](/governance/plan-items/{second.pk}/)。做大做强行政复议。",
    ]
    assert (
        make_report(bureau, units["gov"], 2019)
        .sections.get(code="plans")
        .text.startswith("（一）[继续强化组织统筹协调]")
    )


def test_section_one_tells_the_plan_and_the_meetings_with_links(
    duties: dict[str, Any], bureau: Any, units: Any
) -> None:
    """一(一) (seed report 一(一) 二是坚持科学部署): the year's 工作要点 (count, lead units, done) and the meetings
    the first responsible persons chaired (LeadershipDuty 主持会议), each linked to its records."""
    a = services.create_plan_item(actor=bureau, data={"org": units["sfj"], "year": 2019, "title": "甲"})
    services.create_plan_item(actor=bureau, data={"org": units["d01"], "year": 2019, "title": "乙"})
    services.create_plan_item(actor=bureau, data={"org": units["sfj"], "year": 2020, "title": "明年"})
    run(
        actions.PLAN,
        "progress",
        a,
        actor=bureau,
        data={"date": date(2019, 12, 1), "note": "完成", "status": "done"},
        version=TRUSTED,
    )
    head, plan, meetings = report.planning(2019, units["gov"])
    assert head == "（一）坚持统筹谋划，法治建设保障更加有力"
    assert plan.startswith(
        "一是坚持科学部署。年初制定[2019年法治政府建设工作要点2项](/governance/plan-items/?year=2019)"
    )
    sfj, d01 = units["sfj"], units["d01"]
    assert f"[{sfj.name}](/governance/plan-items/?year=2019&org={sfj.pk})、[{d01.name}]" in plan
    assert "[已完成1项](/governance/plan-items/?year=2019&status=done)" in plan
    m1, m2 = duties["mayor"], duties["meeting"]
    assert meetings == (
        "二是强化会议推动。全年[召开法治建设专题会议2次](/governance/duties/?kind=meeting&date_from=2019-01-01"
        "&date_to=2019-12-31)，"
        f"[市长于2019年5月9日主持召开市法治政府建设工作领导小组（扩大）会议](/governance/duties/{m1.pk}/)；"
        f"[市委书记于7月4日主持召开市委全面依法治市委员会第一次会议](/governance/duties/{m2.pk}/)。"
    )
    # every link selects exactly what the sentence counts
    c = page(bureau)
    assert c.get("/governance/plan-items/?year=2019").content.decode().count('data-row="plan-') == 2
    listed = c.get(
        "/governance/duties/?kind=meeting&date_from=2019-01-01&date_to=2019-12-31"
    ).content.decode()
    assert listed.count('data-row="duty-') == 2
    assert report.measures(2019, units["gov"])[:3] == [head, plan, meetings]


def test_section_two_names_units_by_their_litigation_rates(bureau: Any, units: Any, settings: Any) -> None:
    """二 suggestions (seed report 二: 出庭应诉不积极; 败诉): units below the head-appearance threshold and above
    the loss-rate threshold (settings), from the litigation module's own figures per unit."""
    from fazhi.litigation.stats import FIGURES as LIT
    from fazhi.reports.figures import FigureQuery
    from fazhi.testing.county import Cases

    Cases.year_2019(bureau, units)
    settings.FAZHI_GOVERNANCE = {"head_appearance_min": 0.8, "loss_rate_max": 0.4, "min_cases": 2}
    q = FigureQuery.for_year(2019, units["gov"])

    def per_unit(key: str) -> dict[str, int]:
        return {r.label: r.value for r in LIT.breakdown(q, key)}

    heard, appeared = per_unit("litigation.heard"), per_unit("litigation.head_appeared")
    concluded, lost = per_unit("litigation.concluded"), per_unit("litigation.lost")
    low = sorted(u for u, n in heard.items() if n >= 2 and appeared.get(u, 0) / n < 0.8)
    high = sorted(u for u, n in concluded.items() if n >= 2 and lost.get(u, 0) / n > 0.4)
    assert low and high  # the world has both
    rows = report.litigation_units(2019, units["gov"])
    assert {r["org__name"]: r["heard"] for r in rows if r["heard"]} == heard
    assert {r["org__name"]: r["lost"] for r in rows if r["lost"]} == lost
    lines = report.litigation_suggestions(2019, units["gov"])
    assert len(lines) == 2
    assert lines[0].startswith("行政机关负责人出庭应诉不够积极") and f"{len(low)}个单位" in lines[0]
    assert all(f"[{u}](/litigation/?" in lines[0] for u in low) and "低于80%" in lines[0]
    assert all(f"[{u}](/litigation/?" in lines[1] for u in high) and "高于40%" in lines[1]
    shortcomings = report.shortcomings(2019, units["gov"])
    assert shortcomings[-2].startswith("一是行政机关负责人") and shortcomings[-1].startswith("二是部分单位")


def test_litigation_per_unit_is_one_query(bureau: Any, units: Any, django_assert_num_queries: Any) -> None:
    from fazhi.testing.county import Cases

    Cases.year_2019(bureau, units)
    with django_assert_num_queries(1):
        report.litigation_units(2019, units["gov"])
