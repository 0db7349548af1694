"""The demo county reproduces the seed report's 2019 litigation figures through the figure code."""

from __future__ import annotations

import pytest

from fazhi.audit.models import AuditEvent
from fazhi.litigation import demo, stats
from fazhi.litigation.models import LitigationCase
from fazhi.orgs import demo as orgs_demo
from fazhi.reports.figures import FigureQuery, Period, rate

pytestmark = pytest.mark.django_db


def test_demo_reproduces_2019_and_is_idempotent() -> None:
    orgs_demo.load_units()
    assert demo.load() > 0
    concluded, lost = demo.PLAN[2019]
    figs = {f.key: f.value for f in stats.figures(FigureQuery.for_year(2019))}
    assert figs["litigation.concluded"] == concluded
    assert figs["litigation.lost"] == lost
    assert figs["litigation.loss_rate"] == rate(lost, concluded)
    assert figs["litigation.accountability_opened"] > 0
    n = LitigationCase.objects.count()
    assert demo.load() == 0 and LitigationCase.objects.count() == n
    assert AuditEvent.objects.filter(action="litigation.demo_load").count() == 1
    circular = stats.quarterly_head_appearance(Period.quarter(2019, 2))
    assert len({r.rate for r in circular.rows}) > 3  # units differ, so the ranking means something
