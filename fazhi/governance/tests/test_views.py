"""Pages of 法治建设综合: the overview, lists within bounded queries, scope (404), and a create form."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.governance import services
from fazhi.governance.models import Rectification
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def test_overview_shows_the_year_and_the_idle_advisers(bureau: Any, units: Any) -> None:
    services.create_adviser(
        actor=bureau,
        data={
            "org": units["d02"],
            "name": "闲置律师",
            "contract_from": date(2019, 1, 1),
            "contract_until": date(2020, 12, 31),
        },
    )
    html = page(bureau).get("/governance/?year=2019").content.decode()
    assert "法治建设综合 · 2019年" in html and "闲置律师" in html
    assert "/governance/advisers/?idle_on=2019-12-31" in html  # the figure's drill-down


def test_lists_are_bounded_and_scoped(
    bureau: Any, units: Any, clerk1: Any, clerk2: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(6):
        services.create_rectification(
            actor=bureau, data={"org": units["d01"], "title": f"整改{i}", "due_on": date(2019, 6, i + 1)}
        )
    c = page(bureau)
    with django_assert_max_num_queries(12):
        html = c.get("/governance/rectifications/").content.decode()
    assert html.count('data-row="rectification-') == 6
    r = Rectification.objects.first()
    assert page(clerk1).get(f"/governance/rectifications/{r.pk}/").status_code == 200
    assert page(clerk2).get(f"/governance/rectifications/{r.pk}/").status_code == 404
    assert 'data-row="rectification-' not in page(clerk2).get("/governance/rectifications/").content.decode()


def test_study_session_form_takes_one_law_a_line(bureau: Any, units: Any) -> None:
    r = page(bureau).post(
        "/governance/study-sessions/new/",
        {
            "org": units["gov"].pk,
            "meeting": "市政府常务会议",
            "date": "2019-04-18",
            "laws": "《重大行政决策程序暂行条例》\n《浙江省行政程序办法》\n",
        },
    )
    assert r.status_code == 302
    html = page(bureau).get(r["Location"]).content.decode()
    assert "《重大行政决策程序暂行条例》《浙江省行政程序办法》" in html
    bad = page(bureau).post(
        "/governance/study-sessions/new/",
        {"org": units["gov"].pk, "meeting": "会议", "date": "2019-04-18", "laws": " "},
    )
    assert bad.status_code == 200 and "请" in bad.content.decode()
