"""Demo: a 2019 draft annual report of the demo government (``gov``), prefilled from the demo
records of whatever modules are installed. Idempotent: an existing report is left as it is."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.orgs.models import OrgUnit, User

from .models import AnnualReport
from .roles import ensure_reviewer_group

DEMO_YEAR = 2019


@transaction.atomic
def load(stdout: Any = None) -> AnnualReport | None:
    from .services import _create

    group = ensure_reviewer_group()
    bureau = User.objects.filter(username="bureau").first()
    if bureau is not None:
        bureau.groups.add(group)  # the demo bureau account may also pass the 保密审查 step
    gov = OrgUnit.objects.filter(code="gov").first()
    if gov is None:
        return None
    report = AnnualReport.objects.filter(org=gov, year=DEMO_YEAR).first()
    if report is None:
        report = _create(actor=bureau, org=gov, year=DEMO_YEAR)
        report.signed_on = report.planned_publication_on = None
        from datetime import date

        report.planned_publication_on = date(DEMO_YEAR + 1, 3, 23)
        report.save(update_fields=["planned_publication_on", "signed_on"])
        if stdout is not None:
            stdout.write(f"  已生成{DEMO_YEAR}年度法治政府建设年度报告草稿")
    return report
