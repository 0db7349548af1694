"""考核 (issue 14 item 5): the weighted indicator tree, scores entered through the service (the bureau's only),
the totals and ranking computed in SQL, a unit seeing its own scores only, the xlsx export, the API and the
figure ``governance.assessment_average`` with its drill-down."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from fazhi.audit.models import AuditEvent
from fazhi.governance import selectors, services, stats
from fazhi.governance.models import Assessment, AssessmentScore
from fazhi.reports.figures import FigureQuery
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

TREE = [
    {
        "title": "依法决策",
        "weight": "60",
        "children": [
            {"title": "决策程序", "weight": "40", "max_score": "20"},
            {"title": "法律顾问", "weight": "20", "max_score": "10"},
        ],
    },
    {"title": "规范执法", "weight": "40", "max_score": "40"},
]


def _assessment(bureau: Any, units: Any) -> Assessment:
    return services.create_assessment(
        actor=bureau, data={"org": units["sfj"], "year": 2019, "title": "法治政府建设考核", "items": TREE}
    )


def _leaves(a: Assessment) -> dict[str, int]:
    return {it.title: it.pk for it in a.items.filter(children__isnull=True)}


def test_weights_of_the_tree_must_add_up(bureau: Any, units: Any) -> None:
    """The first-level weights add up to 100 and a parent's weight is its children's sum."""
    bad_total = [{**TREE[0]}, {"title": "规范执法", "weight": "30", "max_score": "30"}]
    with pytest.raises(ValidationError, match="一级指标权重之和应为100"):
        services.create_assessment(
            actor=bureau, data={"org": units["sfj"], "year": 2019, "title": "甲", "items": bad_total}
        )
    bad_children = [{**TREE[0], "weight": "50"}, {"title": "规范执法", "weight": "50", "max_score": "50"}]
    with pytest.raises(ValidationError, match="与其二级指标权重之和"):
        services.create_assessment(
            actor=bureau, data={"org": units["sfj"], "year": 2019, "title": "乙", "items": bad_children}
        )
    assert not Assessment.objects.exists()


def test_totals_and_ranking_in_sql_and_a_unit_sees_its_own(
    bureau: Any, units: Any, clerk1: Any, clerk2: Any
) -> None:
    a = _assessment(bureau, units)
    leaf = _leaves(a)
    given = {
        "d01": {"决策程序": "10", "法律顾问": "10", "规范执法": "40"},
        "d02": {"决策程序": "20", "法律顾问": "5", "规范执法": "35"},
    }
    for code, scores in given.items():
        services.enter_scores(
            a, actor=bureau, org=units[code], scores={leaf[t]: v for t, v in scores.items()}
        )
    # total = Σ score ÷ 满分 × 权重 over the leaves
    items = {it.title: it for it in a.items.all()}
    expected = {
        code: sum(Decimal(v) / items[t].max_score * items[t].weight for t, v in s.items())
        for code, s in given.items()
    }
    rows = selectors.ranking(bureau, a)
    assert [(r["org_id"], r["total"]) for r in rows] == sorted(
        [(units[c].pk, v.quantize(Decimal("0.01"))) for c, v in expected.items()], key=lambda r: -r[1]
    )
    assert [r["rank"] for r in rows] == [1, 2]
    # a unit sees its own row with its rank among all units, never the other's
    second = next(r for r in rows if r["rank"] == 2)
    clerk = clerk1 if second["org_id"] == units["d01"].pk else clerk2
    own = selectors.ranking(clerk, a)
    assert [(r["org_id"], r["rank"]) for r in own] == [(second["org_id"], 2)]
    html = page(clerk).get(f"/governance/assessments/{a.pk}/").content.decode()
    other = next(r for r in rows if r["rank"] == 1)["org__name"]
    assert second["org__name"] in html and other not in html and 'data-testid="score-form"' not in html


def test_scores_are_the_bureaus_and_within_the_maximum(bureau: Any, units: Any, clerk1: Any) -> None:
    a = _assessment(bureau, units)
    leaf = _leaves(a)
    with pytest.raises(PermissionDenied, match="考核由司法局"):
        services.enter_scores(a, actor=clerk1, org=units["d01"], scores={leaf["决策程序"]: "5"})
    with pytest.raises(ValidationError, match="得分不能超过满分20"):
        services.enter_scores(
            a, actor=bureau, org=units["d01"], scores={leaf["决策程序"]: "21", leaf["法律顾问"]: "5"}
        )
    assert not AssessmentScore.objects.exists()
    services.enter_scores(a, actor=bureau, org=units["d01"], scores={leaf["决策程序"]: "15"})
    services.enter_scores(a, actor=bureau, org=units["d01"], scores={leaf["决策程序"]: "18"})
    assert AssessmentScore.objects.get().score == Decimal("18")
    event = AuditEvent.objects.filter(action="governance.scores").order_by("-id").first()
    assert event is not None and event.diff["scores"]["决策程序"] == ["15.00", "18"]


def test_page_entry_export_and_figure(bureau: Any, units: Any, django_assert_max_num_queries: Any) -> None:
    c = page(bureau)
    r = c.post(
        "/governance/assessments/new/",
        {
            "org": units["sfj"].pk,
            "year": 2019,
            "title": "法治政府建设考核",
            "items": "依法决策,60\n-决策程序,40,20\n-法律顾问,20,10\n规范执法,40,40",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    a = Assessment.objects.get()
    leaf = _leaves(a)
    bad = c.post(
        f"/governance/assessments/{a.pk}/scores/",
        {"org": units["d01"].pk, f"item_{leaf['决策程序']}": "25"},
    )
    assert bad.status_code == 400 and "得分不能超过满分20" in bad.content.decode()
    tops = {it.pk: it.max_score for it in a.items.filter(children__isnull=True)}
    for code, share in [("d01", Decimal(1)), ("d02", Decimal("0.5"))]:
        ok = c.post(
            f"/governance/assessments/{a.pk}/scores/",
            {
                "org": units[code].pk,
                **{f"item_{pk}": str((top * share).quantize(Decimal("0.01"))) for pk, top in tops.items()},
            },
        )
        assert ok.status_code == 302, ok.content.decode()[-3000:]
    with django_assert_max_num_queries(16):  # bounded: no query per item or unit
        html = c.get(f"/governance/assessments/{a.pk}/").content.decode()
    assert html.count("data-unit=") == 2
    x = c.get(f"/governance/assessments/{a.pk}/export/")
    ws = load_workbook(io.BytesIO(x.content)).worksheets[0]
    table = [[cell.value for cell in row] for row in ws.iter_rows()]
    ranked = selectors.ranking(bureau, a)
    assert [(row[0], row[1], Decimal(str(row[-1]))) for row in table[1:]] == [
        (r["rank"], r["org__name"], r["total"]) for r in ranked
    ]
    figs = {f.key: f for f in stats.compute(FigureQuery.for_year(2019))}
    avg = figs["governance.assessment_average"]
    assert avg.value == round(float(sum(r["total"] for r in ranked)) / len(ranked), 2)
    assert figs["governance.assessments"].value == 1
    listed = c.get(avg.drilldown).content.decode()
    assert listed.count('data-row="assessment-') == 1


def test_api_create_is_the_bureaus_and_scores_through_the_service(
    bureau: Any, units: Any, clerk1: Any, leader: Any
) -> None:
    body = {"year": 2019, "title": "考核", "items": TREE}
    assert api(clerk1).post("/api/v1/governance/assessments/", body, format="json").status_code == 403
    assert api(leader).post("/api/v1/governance/assessments/", body, format="json").status_code == 403
    r = api(bureau).post("/api/v1/governance/assessments/", body, format="json")
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    a = Assessment.objects.get(pk=pk)
    leaf = _leaves(a)
    scores = {"org": units["d01"].pk, "scores": [{"item": leaf["决策程序"], "score": "99"}]}
    bad = api(bureau).post(f"/api/v1/governance/assessments/{pk}/scores/", scores, format="json")
    assert bad.status_code == 400 and "得分不能超过满分" in str(bad.json())
    scores["scores"][0]["score"] = "20"
    ok = api(bureau).post(f"/api/v1/governance/assessments/{pk}/scores/", scores, format="json")
    assert ok.status_code == 200 and ok.json()["rows"][0]["rank"] == 1
    denied = api(clerk1).post(f"/api/v1/governance/assessments/{pk}/scores/", scores, format="json")
    assert denied.status_code in (403, 404)
    table = api(clerk1).get(f"/api/v1/governance/assessments/{pk}/score-table/").json()
    assert [r["org"] for r in table["rows"]] == [units["d01"].pk]
