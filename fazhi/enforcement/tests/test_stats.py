"""Figures of 行政执法 (FIGURES.md ``enforcement.*``) over records made through the services, and the
workbench reminders."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from fazhi.core import figure_sql
from fazhi.core.figures import FigureQuery
from fazhi.enforcement import stats, workbench
from fazhi.enforcement.tests import factories as f

pytestmark = pytest.mark.django_db


def _figures(year: int = 2019):  # type: ignore[no-untyped-def]
    return {x.key: x.value for x in stats.FIGURES.compute(FigureQuery.for_year(year))}


def test_the_2019_figures(bureau, units) -> None:
    """RULES §6 持证率 = in-post officers with a valid certificate ÷ in-post officers, as of 31 Dec; 公示 on
    time ÷ decisions that must be publicized (行政检查 records are not)."""
    f.year_2019(bureau, units)
    got = _figures()
    assert got["enforcement.bodies_published"] == 3  # d01's two, d02's second
    assert got["enforcement.officers_in_post"] == 6 and got["enforcement.officers_certified"] == 4
    assert got["enforcement.certified_rate"] == 0.6667
    assert got["enforcement.recorders"] == 2
    assert got["enforcement.decisions"] == 8
    assert got["enforcement.publicized_on_time"] == 2 and got["enforcement.publicized_on_time_rate"] == 0.3333
    assert got["enforcement.by_uncertified"] == 4 and got["enforcement.major_unreviewed"] == 2
    assert _figures(2018)["enforcement.decisions"] == 2


def test_certificate_expiry_reminder_uses_the_setting(bureau, units) -> None:
    """Expiry reminders on the workbench, default 60 days ahead (a setting)."""
    f.officer(bureau, units["d01"], 1, cert=(date(2015, 1, 1), date(2019, 8, 30)))
    today = date(2019, 7, 1)
    assert any("执法证" in i.title for i in workbench.items(bureau, today))
    with override_settings(FAZHI_ENFORCEMENT={"certificate_reminder_days": 30}):
        assert not any("执法证" in i.title for i in workbench.items(bureau, today))


def test_the_workbench_shows_the_clerk_its_own_overdue_publicity(bureau, units, clerk1, clerk2) -> None:
    b = f.body(bureau, units["d01"])
    f.action(bureau, b, "许1", date(2019, 5, 6), action_type="license")
    mine = workbench.items(clerk1, date(2019, 6, 1))
    assert any("逾期未公示" in i.title for i in mine)
    assert not any("逾期未公示" in i.title for i in workbench.items(clerk2, date(2019, 6, 1)))


def test_the_register_figures_are_one_statement(bureau, units, django_assert_num_queries) -> None:
    """Issue 13 items 10 and 12: bodies, teams, recorders, officers, certified officers, no-penalty items
    and major-decision reviews of a period, with the values the separate counts give, in the same one
    round trip as the decisions' counts — the first call (compiling) as every later one."""
    f.year_2019(bureau, units)
    query = FigureQuery.for_year(2019, units["gov"])
    figure_sql.clear()
    for _ in range(2):
        with django_assert_num_queries(1):
            got = {x.key: x.value for x in stats.FIGURES.compute(query)}
    assert got["enforcement.bodies_published"] == 3 and got["enforcement.recorders"] == 2
    assert got["enforcement.officers_in_post"] == 6 and got["enforcement.officers_certified"] == 4
    assert got["enforcement.certified_rate"] == 0.6667
