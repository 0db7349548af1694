"""The demo reproduces the seed report's 2019 dispute figures through the figure code."""

from __future__ import annotations

import pytest

from fazhi.audit.models import AuditEvent
from fazhi.disputes import demo, stats
from fazhi.disputes.models import Dispute
from fazhi.orgs import demo as orgs_demo
from fazhi.reports.figures import FigureQuery, rate

pytestmark = pytest.mark.django_db


def test_demo_reproduces_2019_and_is_idempotent() -> None:
    orgs_demo.load_units()
    assert demo.load() > 0
    handled, resolved = demo.PLAN[2019]
    figs = {f.key: f.value for f in stats.figures(FigureQuery.for_year(2019))}
    assert (figs["disputes.handled"], figs["disputes.resolved"]) == (handled, resolved)
    assert figs["disputes.resolution_rate"] == rate(resolved, handled)
    n = Dispute.objects.count()
    assert demo.load() == 0 and Dispute.objects.count() == n
    assert AuditEvent.objects.filter(action="disputes.demo_load").count() == 1
