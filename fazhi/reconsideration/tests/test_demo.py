"""The demo county (``fazhi demo``): the 2019 figures equal the seed report; the loader is idempotent."""

from __future__ import annotations

from collections import Counter

from fazhi.orgs import demo as orgs_demo
from fazhi.reconsideration import demo
from fazhi.reconsideration.models import OUTCOME_GROUPS, ReconsiderationCase, Status
from fazhi.reports.figures import FigureQuery, collect


def test_demo_reproduces_the_seed_2019_figures(db):  # type: ignore[no-untyped-def]
    orgs_demo.load("Demo@Pass123")
    assert demo.load() > 0
    figs = {k: f.value for k, f in collect(FigureQuery.for_year(2019)).items()}
    seed = Counter(demo.OUTCOMES_2019)
    for name, (_, codes) in OUTCOME_GROUPS.items():
        assert figs[f"reconsideration.{name}"] == sum(seed[c] for c in codes)
    assert figs["reconsideration.concluded"] == len(demo.OUTCOMES_2019)
    assert (
        figs["reconsideration.received"] == ReconsiderationCase.objects.filter(received_on__year=2019).count()
    )
    assert figs["reconsideration.received"] > figs["reconsideration.accepted"] > 0
    assert figs["reconsideration.overdue"] > 0  # some decisions came late
    assert ReconsiderationCase.objects.filter(status__in=[Status.ACCEPTED, Status.UNDER_REVIEW]).exists()
    # idempotent: a second run adds nothing
    before = ReconsiderationCase.objects.count()
    assert demo.load() == 0 and ReconsiderationCase.objects.count() == before
    numbers = list(ReconsiderationCase.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))


def test_demo_steps_have_the_heads_approval(db):  # type: ignore[no-untyped-def]
    """Issue 15 item 4: every demo decision, extension and suspension has the head's recorded approval
    (the demo account ``head``, 机构负责人), as the runner requires of a case handled on the platform."""
    from fazhi.casefiles.models import Approval
    from fazhi.orgs.models import Role, User
    from fazhi.reconsideration.models import StatusChange

    orgs_demo.load("Demo@Pass123")
    demo.load()
    head = User.objects.get(username="head")
    assert {Role.BUREAU, Role.HEAD} <= set(head.role_codes)
    steps = StatusChange.objects.filter(action__in=["conclude", "extend", "suspend"])
    approvals = Approval.objects.filter(decided_by=head, decision="approved", used_at__isnull=False)
    assert steps.count() > 0
    assert sorted(approvals.values_list("object_id", "step")) == sorted(
        steps.values_list("case_id", "action")
    )
