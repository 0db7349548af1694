"""Consistency checks (issue 5 item 2) catch a planted mismatch and block approval until acknowledged.

The planted provider below stands for no real module: it exists only to feed the checks numbers that
contradict each other. Every real module's figures are checked too (the fixture's real litigation cases).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.actions import TRUSTED, run
from fazhi.reports import services
from fazhi.reports.actions import EDITS, WORKFLOW
from fazhi.reports.checks import run_checks
from fazhi.reports.figures import (
    BreakdownRow,
    Figure,
    FigureProvider,
    FigureQuery,
    SumRule,
    collect,
    register_provider,
    register_sum_rule,
    unregister_provider,
)
from fazhi.testing.county import finish_draft

pytestmark = pytest.mark.django_db


def planted(query: FigureQuery) -> list[Figure]:
    return [
        Figure("planted.total", "审结", 10, "件"),
        Figure("planted.part_a", "维持", 3, "件"),
        Figure("planted.part_b", "纠错", 4, "件"),  # 3 + 4 ≠ 10
        Figure(
            "planted.rate", "纠错率", 0.5, "%", numerator="planted.part_b", denominator="planted.total"
        ),  # ≠ 0.4
        Figure("planted.again", "审结", 11, "件"),  # the same label with another number
    ]


def planted_breakdown(query: FigureQuery, key: str, dimension: str) -> list[BreakdownRow]:
    if key == "planted.part_a":  # by unit 1 + 1 ≠ 3
        return [BreakdownRow("甲单位", 1, org_id=1), BreakdownRow("乙单位", 1, org_id=2)]
    return []


@pytest.fixture
def planted_provider():  # type: ignore[no-untyped-def]
    register_provider(FigureProvider(module="planted", compute=planted))
    register_sum_rule(SumRule("planted.total", ("planted.part_a", "planted.part_b")))
    yield
    unregister_provider("planted")


def test_real_figures_are_consistent(cases, gov, bureau) -> None:  # type: ignore[no-untyped-def]
    report = finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)
    assert services.current_problems(report) == []


def test_planted_mismatches_are_all_caught(planted_provider, gov) -> None:  # type: ignore[no-untyped-def]
    query = FigureQuery.for_year(2019, gov)
    problems = run_checks(query, collect(query), [])
    kinds = sorted(p.kind for p in problems)
    assert kinds == ["label", "rate", "sum"], [p.message for p in problems]
    register_provider(
        FigureProvider(
            module="planted", compute=planted, breakdown=planted_breakdown, dimensions={"org": "单位"}
        )
    )
    problems = run_checks(query, collect(query), [])
    assert any("按单位分项之和为2" in p.message for p in problems)
    text = " ".join(p.message for p in problems)
    assert "分项之和为7" in text and "40.00%" in text and "审结" in text


def test_number_typed_into_the_narrative_must_match_the_figure(cases, gov, bureau) -> None:  # type: ignore[no-untyped-def]
    report = finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)
    concluded = collect(FigureQuery.for_year(2019, gov))["litigation.concluded"]
    wrong = int(concluded.value) + 100
    section = report.sections.get(code="shortcomings")
    run(
        EDITS,
        "section_save",
        section.report,
        actor=bureau,
        data={"section": section, "text": f"全年{concluded.label}{wrong}件。"},
        version=TRUSTED,
    )
    problems = services.current_problems(report)
    assert [p.kind for p in problems] == ["label"]
    assert str(wrong) in problems[0].message and str(concluded.value) in problems[0].message
    run(
        EDITS,
        "section_save",
        section.report,
        actor=bureau,
        data={"section": section, "text": "全年{{ litigation.nonexistent }}件。"},
        version=TRUSTED,
    )
    assert [p.kind for p in services.current_problems(report)] == ["missing"]


def test_problems_block_approval_until_acknowledged(
    client, planted_provider, gov, bureau, reviewer, leader
) -> None:  # type: ignore[no-untyped-def]
    report = finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)
    client.force_login(bureau)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "3个待确认" in page and "分项之和为7" in page
    run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    run(WORKFLOW, "clear", report, actor=reviewer, version=TRUSTED)
    with pytest.raises(ValidationError, match="未确认"):
        run(WORKFLOW, "approve", report, actor=leader, version=TRUSTED)
    report.refresh_from_db()
    assert report.status == "cleared" and report.snapshot is None
    ids = [p.id for p in services.current_problems(report)]
    resp = client.post(f"/reports/{report.pk}/acknowledge/", {"problem": ids[:2], "version": report.version})
    assert resp.status_code == 302
    report.refresh_from_db()
    with pytest.raises(ValidationError):
        run(WORKFLOW, "approve", report, actor=leader, version=TRUSTED)
    run(EDITS, "acknowledge_checks", report, actor=bureau, data={"problem_ids": ids[2:]}, version=TRUSTED)
    report.refresh_from_db()
    report = run(WORKFLOW, "approve", report, actor=leader, version=TRUSTED)
    assert report.status == "approved"
    assert report.snapshot["figures"]["planted.total"]["value"] == 10
