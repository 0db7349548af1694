"""Figures of 行政规范性文件 (FIGURES.md 规范性文件) with their drill-downs, the report paragraph, the
workbench reminder (RULES §5: evaluation 6 months before expiry) and the demo that gives the seed's 2019."""

from __future__ import annotations

import re
from datetime import date

import pytest

from fazhi.decisions import demo as decisions_demo
from fazhi.decisions.models import LegalityReview
from fazhi.normative import demo, services, stats, workbench
from fazhi.normative.models import NormativeDocument, Status
from fazhi.orgs import demo as orgs_demo
from fazhi.reports.figures import FigureQuery
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

from .helpers import published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def test_demo_gives_the_seed_2019_and_keeps_the_review_count() -> None:
    """Seed 2019: 21 documents published (29 in 2018), 212 repealed or declared invalid by the cleanup; each
    2018/2019 document linked to a concluded 合法 review; the decisions demo's 258 of 2019 stay 258 (近260)."""
    orgs_demo.load_units()
    decisions_demo.load()
    assert demo.load() > 0
    f19 = {f.key: f.value for f in stats.figures(FigureQuery.for_year(2019))}
    f18 = {f.key: f.value for f in stats.figures(FigureQuery.for_year(2018))}
    assert (f19["normative.issued"], f18["normative.issued"]) == (21, 29)
    assert f19["normative.repealed_in_cleanup"] == 212
    assert 0.8 < f19["normative.filed_on_time_rate"] < 1
    assert LegalityReview.objects.filter(concluded_on__year=2019).count() == decisions_demo.REVIEWED[2019]
    linked = LegalityReview.objects.filter(subject_kind="normative", subject_id__isnull=False)
    assert linked.count() == 50 and set(linked.values_list("opinion", flat=True)) == {"lawful"}
    n = NormativeDocument.objects.count()
    assert demo.load() == 0 and NormativeDocument.objects.count() == n


def test_figures_and_drilldowns_count_the_same_documents(bureau, units) -> None:  # type: ignore[no-untyped-def]
    a = published(bureau, units["d01"], date(2015, 3, 2), "示政发〔2015〕1号")  # in force to 2020-03-01
    published(bureau, units["d02"], date(2019, 4, 1), "示政发〔2019〕2号", filed=date(2019, 4, 20))
    published(bureau, units["d01"], date(2019, 6, 3), "示政发〔2019〕3号", filed=date(2019, 8, 1))  # late
    c = published(bureau, units["d02"], date(2018, 5, 2), "示政发〔2018〕4号")
    services.apply_cleanup(
        actor=bureau, government=units["gov"], year=2019, on=date(2019, 11, 1),
        decisions=[{"document": d.pk, "decision": "repeal" if d.pk == c.pk else "keep"}
                   for d in NormativeDocument.objects.filter(status=Status.PUBLISHED)],
    )  # fmt: skip
    figures = {f.key: f for f in stats.figures(FigureQuery.for_year(2019))}
    expected = {
        "normative.issued": 2,
        "normative.in_force": 3,
        "normative.expiring_next_year": 1,
        "normative.filed": 2,
        "normative.filed_on_time": 1,
        "normative.repealed_in_cleanup": 1,
    }
    assert {k: figures[k].value for k in expected} == expected
    assert figures["normative.filed_on_time_rate"].value == 0.5
    client = page(bureau)
    for key, value in expected.items():
        html = client.get(figures[key].drilldown).content.decode()
        assert len(set(re.findall(r'data-document-id="(\d+)"', html))) == value, key
    assert str(a.pk) in client.get(figures["normative.expiring_next_year"].drilldown).content.decode()


def test_report_paragraph_names_the_figures() -> None:
    from fazhi.core.registry import registry

    paragraph = next(p for p in registry.paragraphs if p.module == "normative")
    text = "".join(c.text for c in paragraph.clauses)
    assert "{{normative.issued}}" in text and "{{normative.repealed_in_cleanup}}" in text


def test_workbench_reminds_six_months_before_expiry(bureau, clerk1, clerk2, units) -> None:  # type: ignore[no-untyped-def]
    """RULES §5: evaluation due 6 months before expiry (a setting) — for the drafting unit and the bureau."""
    d = published(bureau, units["d01"], date(2022, 3, 1), "示政发〔2022〕1号", filed=date(2022, 3, 20))
    published(bureau, units["d01"], date(2024, 3, 1), "示政发〔2024〕1号", filed=date(2024, 3, 20))
    today = date(2026, 11, 20)  # d ends 2027-02-28, within 6 months; the other in 2029
    for user in (clerk1, bureau):
        items = workbench.items(user, today)
        assert [i.url.rstrip("/").rsplit("/", 1)[-1] for i in items] == [str(d.pk)], user
    assert workbench.items(clerk2, today) == []
