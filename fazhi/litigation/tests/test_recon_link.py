"""复议后起诉: the optional link to a 行政复议 case and the figures reconsideration.sued_after(_rate)."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from fazhi.core.actions import TRUSTED, run
from fazhi.litigation.actions import EDITS
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reports.figures import FigureQuery, Period, collect, rate

from .test_views import client_for, listed_ids

pytestmark = pytest.mark.django_db


def recon(org, n: int, concluded_on: date | None) -> ReconsiderationCase:  # type: ignore[no-untyped-def]
    return ReconsiderationCase.objects.create(
        org=org,
        number=f"示政复〔{concluded_on.year if concluded_on else 2019}〕{n}号",
        year=2019,
        seq=n,
        contested_act="行政处罚决定",
        act_category="penalty",
        field="public_security",
        received_on=date(2018, 11, 1),  # before every conclusion below (2018-12-01 the earliest)
        accepted_on=date(2018, 11, 2),
        concluded_on=concluded_on,
        outcome="upheld" if concluded_on else "",
        status="concluded" if concluded_on else "accepted",
    )


def test_sued_after_counts_concluded_reconsideration_cases_linked_by_litigation(
    units, bureau, make_case
) -> None:
    d01, d02 = units["d01"], units["d02"]
    recons = [
        recon(d01, 1, date(2019, 3, 1)),
        recon(d01, 2, date(2019, 4, 1)),
        recon(d02, 3, date(2019, 5, 1)),
        recon(d02, 4, date(2018, 12, 1)),
        recon(d01, 5, None),
    ]
    linked = {recons[0], recons[2], recons[3]}
    cases = {}
    for r in linked:
        cases[r.pk] = make_case(
            served_on=date(2019, 6, 1), defendant="d01" if r.org == d01 else "d02", related_reconsideration=r
        )
    in_2019 = [r for r in recons if r.concluded_on and r.concluded_on.year == 2019]
    sued = [r for r in in_2019 if r in linked]
    figs = collect(FigureQuery(Period.year(2019)))
    assert figs["reconsideration.sued_after"].value == len(sued)
    assert figs["reconsideration.sued_after_rate"].value == rate(len(sued), len(in_2019))
    c = client_for(bureau)
    assert listed_ids(c, figs["reconsideration.sued_after"].drilldown) == {cases[r.pk].pk for r in sued}
    scoped = collect(FigureQuery(Period.year(2019), d02))
    sued_d02 = [r for r in sued if r.org == d02]
    assert scoped["reconsideration.sued_after"].value == len(sued_d02)
    assert listed_ids(c, scoped["reconsideration.sued_after"].drilldown) == {cases[r.pk].pk for r in sued_d02}


def test_link_via_service_and_api_respects_scope(units, bureau, clerk1, make_case) -> None:
    mine, other = recon(units["d01"], 1, date(2019, 3, 1)), recon(units["d02"], 2, date(2019, 3, 1))
    case = make_case(defendant="d01")
    run(EDITS, "link_reconsideration", case, actor=clerk1, data={"reconsideration": mine}, version=TRUSTED)
    case.refresh_from_db()
    assert case.related_reconsideration == mine
    with pytest.raises(Exception) as exc:
        run(
            EDITS,
            "link_reconsideration",
            case,
            actor=clerk1,
            data={"reconsideration": other},
            version=TRUSTED,
        )
    assert "无权查看" in str(exc.value)
    api = APIClient()
    api.force_authenticate(bureau)
    r = api.post(
        "/api/v1/litigation/cases/",
        {
            "court_case_number": "(2019)浙0381行初300号",
            "court": units["court"].pk,
            "instance": "first",
            "plaintiffs": [{"name": "张三", "kind": "person"}],
            "defendant": units["d02"].pk,
            "cause": "处罚",
            "act_category": "penalty",
            "served_on": "2019-04-01",
            "related_reconsideration": other.pk,
        },
        format="json",
    )
    assert r.status_code == 201 and r.json()["related_reconsideration"] == other.pk


def test_link_runs_through_the_action_runner(units, clerk1, make_case) -> None:  # type: ignore[no-untyped-def]
    """Issue 10: the link is a declared action — the version read is required, stale → conflict and
    nothing saved; a saved link bumps the version and is audited under its label."""
    from fazhi.audit.models import AuditEvent
    from fazhi.core.actions import audit_label
    from fazhi.core.services import ConflictError
    from fazhi.litigation.models import LitigationCase

    mine = recon(units["d01"], 1, date(2019, 3, 1))
    case = make_case(defendant="d01")
    with pytest.raises(ConflictError, match="两人同时编辑"):
        run(
            EDITS,
            "link_reconsideration",
            case,
            actor=clerk1,
            data={"reconsideration": mine},
            version=case.version - 1,
        )
    with pytest.raises(Exception, match="版本"):
        run(EDITS, "link_reconsideration", case, actor=clerk1, data={"reconsideration": mine}, version=None)
    fresh = LitigationCase.objects.get(pk=case.pk)
    assert fresh.related_reconsideration is None and fresh.version == case.version
    assert not AuditEvent.objects.filter(action="litigation.link_reconsideration").exists()
    run(
        EDITS,
        "link_reconsideration",
        case,
        actor=clerk1,
        data={"reconsideration": mine},
        version=case.version,
    )
    fresh = LitigationCase.objects.get(pk=case.pk)
    assert fresh.related_reconsideration == mine and fresh.version == case.version + 1
    event = AuditEvent.objects.get(action="litigation.link_reconsideration")
    assert audit_label(event.action) == "关联行政复议案件"
