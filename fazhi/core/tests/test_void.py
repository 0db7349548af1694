"""作废 (issue 15 item 3) of a wrongly registered 行政复议 or 行政应诉 case: ``POST …/cases/{id}/void/``
with a reason and the version read; the number is kept and shown as voided, the case stays in the audit
trail, and it leaves every figure — the figures API, every breakdown, the dashboard and the bulletins
come out exactly as if it had never been registered."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, run
from fazhi.core.figures import FigureQuery, collect, figure_dict, providers
from fazhi.dashboard.selectors import build
from fazhi.litigation.actions import WORKFLOW as LIT
from fazhi.litigation.models import LitigationCase
from fazhi.orgs.models import OrgUnit, User
from fazhi.reconsideration.actions import WORKFLOW as RECON
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reports.bulletins import monthly, quarterly
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import make_litigation_case, make_reconsideration_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

YEAR = 2026


def _everything(org: OrgUnit | None) -> dict[str, Any]:
    """Every number the platform shows about 2026: figures, breakdowns, dashboard, bulletins."""
    query = FigureQuery.for_year(YEAR, org)
    figures = {k: figure_dict(f) for k, f in collect(query).items()}
    breakdowns = {
        (p.module, key, dim): [(r.label, r.value) for r in p.breakdown(query, key, dim)]
        for p in providers()
        if p.breakdown is not None
        for key in figures
        for dim in p.dimensions
    }
    dash = build(YEAR, org)
    return {
        "figures": figures,
        "breakdowns": breakdowns,
        "kpis": [(k.figure.key, k.figure.value) for k in dash.kpis],
        "charts": dash.charts,
        "monthly": [(b.paragraphs, [t.__dict__ for t in b.tables]) for b in [monthly(YEAR, 3, org)]],
        "quarterly": [(b.paragraphs, [t.__dict__ for t in b.tables]) for b in [quarterly(YEAR, 1, org)]],
    }


@pytest.fixture
def world(units: dict[str, OrgUnit], bureau: User) -> None:
    """Cases that stay: one of each module."""
    kept = make_reconsideration_case(bureau, units["d02"], received_on=date(YEAR, 2, 2))
    run(RECON, "accept", kept, actor=bureau, data={"date": date(YEAR, 2, 4)}, version=TRUSTED)
    make_litigation_case(bureau, units["d02"], units["court"], served_on=date(YEAR, 2, 2))


def _wrong_cases(units: dict[str, OrgUnit], bureau: User) -> tuple[ReconsiderationCase, LitigationCase]:
    """A reconsideration case accepted and overdue, a lawsuit with a hearing the head attended."""
    recon = make_reconsideration_case(bureau, units["d01"], received_on=date(YEAR, 3, 2))
    run(RECON, "accept", recon, actor=bureau, data={"date": date(YEAR, 3, 4)}, version=TRUSTED)
    lit = make_litigation_case(bureau, units["d01"], units["court"], served_on=date(YEAR, 3, 2))
    lit = run(LIT, "record_answer", lit, actor=bureau, data={"date": date(YEAR, 3, 10)}, version=TRUSTED)
    session = {
        "date": date(YEAR, 3, 20),
        "head_appeared": True,
        "head_name": "王五",
        "head_post": "principal",
    }
    run(LIT, "add_session", lit, actor=bureau, data=session, version=TRUSTED)
    return ReconsiderationCase.objects.get(pk=recon.pk), LitigationCase.objects.get(pk=lit.pk)


@pytest.mark.parametrize("scoped", [False, True])
def test_voided_cases_leave_every_figure(
    world: None, units: dict[str, OrgUnit], bureau: User, scoped: bool
) -> None:
    org = units["gov"] if scoped else None
    before = _everything(org)
    recon, lit = _wrong_cases(units, bureau)
    assert _everything(org) != before  # the wrong cases are counted until voided: the test is not vacuous

    for url, case in (("reconsideration", recon), ("litigation", lit)):
        r = api(bureau).post(
            f"/api/v1/{url}/cases/{case.pk}/void/",
            {"reason": "重复登记", "version": case.version},
            format="json",
        )
        assert r.status_code == 200, r.content
        assert r.json()["status"] == "voided"
    assert _everything(org) == before


def test_void_keeps_the_number_and_the_audit_trail(
    world: None, units: dict[str, OrgUnit], bureau: User
) -> None:
    recon, lit = _wrong_cases(units, bureau)
    r = api(bureau).post(
        f"/api/v1/reconsideration/cases/{recon.pk}/void/", {"version": recon.version}, format="json"
    )
    assert r.status_code == 400 and "reason" in r.json()  # a reason is required; nothing changed
    assert ReconsiderationCase.objects.get(pk=recon.pk).status == "accepted"
    r = api(bureau).post(
        f"/api/v1/reconsideration/cases/{recon.pk}/void/",
        {"reason": "登记错误", "version": recon.version},
        format="json",
    )
    assert r.status_code == 200
    voided = ReconsiderationCase.objects.get(pk=recon.pk)
    assert (voided.number, voided.status, voided.void_reason) == (recon.number, "voided", "登记错误")
    assert AuditEvent.objects.filter(action="reconsideration.void", object_id=str(recon.pk)).exists()

    # The list leaves it out (it is a figure's drill-down) unless asked for or searched by number.
    listed = {c["number"] for c in api(bureau).get("/api/v1/reconsideration/cases/").json()["results"]}
    assert recon.number not in listed
    asked = api(bureau).get("/api/v1/reconsideration/cases/", {"status": "voided"}).json()["results"]
    assert [c["number"] for c in asked] == [recon.number]
    searched = api(bureau).get("/api/v1/reconsideration/cases/", {"q": recon.number}).json()["results"]
    assert [c["status"] for c in searched] == ["voided"]
    html = page(bureau).get(f"/reconsideration/{recon.pk}/").content.decode()
    assert 'data-testid="voided"' in html and "登记错误" in html

    # A voided case takes no further step.
    r = api(bureau).post(
        f"/api/v1/reconsideration/cases/{recon.pk}/void/",
        {"reason": "再次", "version": voided.version},
        format="json",
    )
    assert r.status_code == 400


def test_concluded_case_cannot_be_voided(world: None, units: dict[str, OrgUnit], bureau: User) -> None:
    """A concluded case's outcome is never silently changed (issue 15 item 3): 作废 is refused."""
    case = make_reconsideration_case(bureau, units["d01"], received_on=date(YEAR, 3, 2))
    run(RECON, "accept", case, actor=bureau, data={"date": date(YEAR, 3, 4)}, version=TRUSTED)
    run(
        RECON,
        "conclude",
        case,
        actor=bureau,
        data={"date": date(YEAR, 5, 4), "outcome": "upheld"},
        version=TRUSTED,
    )
    case.refresh_from_db()
    r = api(bureau).post(
        f"/api/v1/reconsideration/cases/{case.pk}/void/",
        {"reason": "错误", "version": case.version},
        format="json",
    )
    assert r.status_code == 400
    assert ReconsiderationCase.objects.get(pk=case.pk).outcome == "upheld"


def test_only_the_bureau_voids(world: None, units: dict[str, OrgUnit], bureau: User, clerk1: User) -> None:
    _recon, lit = _wrong_cases(units, bureau)
    r = api(clerk1).post(
        f"/api/v1/litigation/cases/{lit.pk}/void/", {"reason": "错误", "version": lit.version}, format="json"
    )
    assert r.status_code == 403
    assert LitigationCase.objects.get(pk=lit.pk).status != "voided"
