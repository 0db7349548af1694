"""Figures of the module (FIGURES.md 重大行政决策 · 合法性审查) and the demo that gives the seed's 2019."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.decisions import demo, stats
from fazhi.decisions.models import LegalityReview, MajorDecision
from fazhi.orgs import demo as orgs_demo
from fazhi.reports.figures import FigureQuery
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

from .helpers import conclude, decision, review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def test_demo_gives_the_seed_2019_through_the_figures_and_is_idempotent() -> None:
    """Seed report 2019: 管道燃气特许经营 and 村(社区)规模优化调整 in the catalogue; 近260 reviewed matters."""
    orgs_demo.load_units()
    assert demo.load() > 0
    figures = {f.key: f for f in stats.figures(FigureQuery.for_year(2019))}
    assert figures["decisions.legality_reviewed"].value == demo.REVIEWED[2019]
    assert figures["decisions.catalog_items"].value == len(demo.CATALOG_2019)
    titles = set(MajorDecision.objects.filter(catalog__year=2019).values_list("title", flat=True))
    assert {"管道燃气特许经营", "村(社区)规模优化调整"} <= titles
    assert MajorDecision.objects.filter(status="published").count() == len(demo.CATALOG_2019)
    n = LegalityReview.objects.count()
    assert demo.load() == 0 and LegalityReview.objects.count() == n


def test_figures_count_by_kind_opinion_and_overdue(bureau, units) -> None:  # type: ignore[no-untyped-def]
    decision(bureau, units["d01"], steps=False)  # a 2019 catalogue item
    conclude(bureau, review(bureau, units["d01"], date(2019, 9, 27)), date(2019, 10, 23))  # on the last day
    conclude(
        bureau,
        review(bureau, units["d02"], date(2019, 9, 27), kind="contract"),
        date(2019, 10, 24),
        "unlawful",
    )
    conclude(bureau, review(bureau, units["d02"], date(2018, 12, 3)), date(2018, 12, 10))  # another year
    review(bureau, units["d02"], date(2019, 12, 2))  # still open
    query = FigureQuery.for_year(2019)
    figures = {f.key: f.value for f in stats.figures(query)}
    assert figures["decisions.legality_reviewed"] == 2
    assert figures["decisions.legality_reviewed_by_kind.contract"] == 1
    assert figures["decisions.legality_opinion.unlawful"] == 1
    assert figures["decisions.reviews_overdue"] == 1  # a day past 10-23 (15 working days across 国庆)
    assert figures["decisions.catalog_items"] == 1
    rows = stats.breakdown(query, "decisions.legality_reviewed", "org")
    assert {(r.label, r.value) for r in rows} == {(units["d01"].name, 1), (units["d02"].name, 1)}


def test_report_paragraph_is_written_from_the_figures(bureau, units) -> None:  # type: ignore[no-untyped-def]
    from fazhi.core.registry import registry

    paragraph = next(p for p in registry.paragraphs if p.module == "decisions")
    assert any("{{decisions.legality_reviewed}}" in c.text for c in paragraph.clauses)
    assert any("{{decisions.catalog_items}}" in c.text for c in paragraph.clauses)
