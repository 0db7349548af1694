"""The leaders' dashboard shows registry figures for a year, each linking to its records."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from fazhi.core.actions import TRUSTED, run
from fazhi.core.pii import make_id_card
from fazhi.orgs.models import Role
from fazhi.reconsideration import services
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reports.figures import FigureQuery, collect, providers
from fazhi.testing.factories import bureau_unit, department, government, make_user

pytestmark = pytest.mark.django_db


def _cases(bureau, respondent, outcomes: list[str], year: int = 2019) -> None:  # type: ignore[no-untyped-def]
    for i, outcome in enumerate(outcomes):
        case = services.receive(
            actor=bureau,
            respondent=respondent,
            received_on=date(year, 3, 1 + i),
            contested_act="处罚决定",
            act_category="penalty",
            field="public_security",
            parties=[
                {
                    "name": "张三",
                    "kind": "person",
                    "id_number": make_id_card("330381", date(1980, 1, 1), i),
                    "phone": "13812345678",
                }
            ],
        )
        run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(year, 3, 5 + i)}, version=TRUSTED)
        case.refresh_from_db()
        run(
            WORKFLOW,
            "conclude",
            case,
            actor=bureau,
            data={"date": date(year, 4, 1 + i), "outcome": outcome},
            version=TRUSTED,
        )


@pytest.fixture
def data():  # type: ignore[no-untyped-def]
    government()
    bureau = make_user(Role.BUREAU, bureau_unit(), username="bureau")
    police = department("d05", "示例市公安局")
    _cases(bureau, police, ["upheld", "upheld", "revoked", "withdrawn"])
    _cases(bureau, police, ["upheld"], year=2018)
    return bureau


def test_leader_sees_figures_and_drilldowns(client, data, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    leader = make_user(Role.LEADER, government(), username="leader")
    client.force_login(leader)
    # three years of figures, a few aggregates per module each; not per record
    with django_assert_max_num_queries(10 * len(providers())):
        resp = client.get("/dashboard/", {"year": 2019})
    html = resp.content.decode()
    assert resp.status_code == 200
    figures = collect(FigureQuery.for_year(2019, government()))
    concluded = figures["reconsideration.concluded"]
    assert concluded.value == 4
    # Every KPI card shows the registry's value and links to its drill-down.
    cards = re.findall(r'href="([^"]*)" data-key="([^"]+)"', html)
    assert cards and all(k in figures for _, k in cards)
    for url, key in cards:
        assert url.replace("&amp;", "&") == (figures[key].drilldown or "#")
    assert f">{concluded.display()}<" in html
    charts = json.loads(
        re.search(r'id="fz-charts" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    outcome_values = {p["name"]: p["value"] for p in charts["outcomes"]["points"]}
    assert sum(outcome_values.values()) == concluded.value
    trend = {s["key"]: s["values"] for s in charts["trend"]["series"]}
    assert trend["reconsideration.concluded"] == [0, 1, 4]


def test_drilldown_lists_exactly_the_counted_records(client, data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.LEADER, government(), username="leader"))
    html = client.get("/dashboard/", {"year": 2019}).content.decode()
    url = dict((k, u) for u, k in re.findall(r'href="([^"]*)" data-key="([^"]+)"', html))[
        "reconsideration.concluded"
    ]
    listing = client.get(url.replace("&amp;", "&")).content.decode()
    numbers = set(re.findall(r"示政复〔\d{4}〕\d+号", listing))
    assert len(numbers) == 4 and all("〔2019〕" in n for n in numbers)


def test_bad_year_falls_back_with_a_message(client, data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(data)
    html = client.get("/dashboard/", {"year": "20x9"}).content.decode()
    assert "年份「20x9」无效" in html


@pytest.mark.parametrize("role", [Role.CLERK, Role.SYSADMIN, Role.AUDITOR])
def test_dashboard_is_for_leaders_and_bureau(client, data, role) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(role, department("d06", "示例市民政局"), username=f"x_{role}"))
    assert client.get("/dashboard/").status_code == 403


def test_accepted_is_its_own_kpi_beside_received(client, data) -> None:  # type: ignore[no-untyped-def]
    """FIGURES.md: 受理 (reconsideration.accepted, the seed's 146) is a figure of its own, not 收到."""
    client.force_login(make_user(Role.LEADER, government(), username="leader"))
    html = client.get("/dashboard/", {"year": 2019}).content.decode()
    keys = [k for _, k in re.findall(r'href="([^"]*)" data-key="([^"]+)"', html)]
    assert "reconsideration.accepted" in keys and "reconsideration.received" in keys
