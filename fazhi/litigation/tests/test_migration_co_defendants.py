"""Data migration 0005 (issue 8 item 9): co-defendants entered before the through model existed become
confirmed links, so no case disappears from a list it was in."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("litigation", "0004_integ_agreement_outcomes")]
AFTER = [("litigation", "0005_links_co_defendant_state")]


@pytest.mark.django_db(transaction=True)
def test_existing_co_defendants_become_confirmed_links() -> None:
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        unit = old.get_model("orgs", "OrgUnit")
        case_model = old.get_model("litigation", "LitigationCase")
        d01 = unit.objects.create(code="m01", name="示例市公安局", kind="department", path="/m01/")
        d02 = unit.objects.create(code="m02", name="示例市自然资源和规划局", kind="department", path="/m02/")
        court = unit.objects.create(code="mcourt", name="示例市人民法院", kind="court", path="/mcourt/")
        case = case_model.objects.create(
            org=d01,
            court=court,
            court_case_number="(2019)浙0381行初1号",
            cause="不服行政处罚决定",
            act_category="penalty",
            served_on=date(2019, 3, 1),
        )
        case.co_defendants.add(d02)

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        rows = list(new.get_model("litigation", "CoDefendant").objects.values("case_id", "org_id", "state"))
        assert rows == [{"case_id": case.pk, "org_id": d02.pk, "state": "confirmed"}]
    finally:
        # Back to the latest state for the rest of the session, even when an assertion failed.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
