"""Browser: the Justice Bureau imports a department's enforcement decisions from an xlsx file on the page;
the decision made by an officer whose certificate had expired is kept and flagged (国办发〔2018〕118号,
行政处罚法 Art 42) and the supervisor finds it in the problems list; the portal then shows the publicized
decisions with the natural person's name masked and no ID number (issue 13 items 5, 9, 13)."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect

from fazhi.core.pii import make_id_card, mask_name
from fazhi.enforcement import imports
from fazhi.enforcement.models import EnforcementAction, Problem
from fazhi.enforcement.tests import factories as f
from fazhi.orgs.models import Role
from fazhi.testing.factories import PASSWORD, bureau_unit, department, government, make_user
from fazhi.testing.jobs import run_queued_tasks

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The clock ticks from a pinned moment: django-q2's ORM broker hands out a task once its lock time passed.
NOW = datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
PERSON = "欧阳明华"
PERSON_ID = make_id_card("330381", date(1975, 6, 7), 5)


def _xlsx(rows: list[dict[str, object]]) -> bytes:
    cols = imports.columns(None)
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in cols])
    for values in rows:
        out = []
        for c in cols:
            v = values.get(c.key)
            out.append(dict(c.choices).get(v, v) if c.kind == "choice" and v is not None else v)
        ws.append(out)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_import_to_problems_list_to_portal(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        government()
        unit = department("d03", "示例市市场监督管理局")
        bureau = make_user(Role.BUREAU, bureau_unit(), username="bureau_e2e", real_name="执法监督科")
        body = f.body(bureau, unit, unit.name, published=date(2019, 3, 1))
        valid = (date(2018, 1, 1), date(2022, 12, 31))
        good = [f.officer(bureau, unit, n, cert=valid) for n in (1, 2)]
        lapsed = f.officer(bureau, unit, 3, cert=(date(2014, 1, 1), date(2018, 12, 31)))
        number = {o.pk: o.certificates.get().number for o in (*good, lapsed)}
        common = {"body": body.name, "action_type": "penalty", "is_major": "否", "penalty_kind": "fine"}
        rows = [
            {
                **common,
                "case_number": "市监罚〔2019〕11号",
                "filed_on": "2019-05-01",
                "decided_on": "2019-05-06",
                "officers": f"{number[good[0].pk]},{number[good[1].pk]}",
                "penalty_amount": "500",
                "party_name": PERSON,
                "party_kind": "person",
                "party_id": PERSON_ID,
                "publicized_on": "2019-05-08",
            },
            {
                **common,
                "case_number": "市监罚〔2019〕12号",
                "filed_on": "2019-06-01",
                "decided_on": "2019-06-03",
                "officers": f"{number[good[0].pk]},{number[lapsed.pk]}",
                "penalty_amount": "2000",
                "party_name": "示例商贸有限公司",
                "party_kind": "organization",
                "publicized_on": "2019-06-04",
            },
        ]
        upload = tmp_path / "decisions.xlsx"
        upload.write_bytes(_xlsx(rows))

        login(page, "bureau_e2e", PASSWORD)
        page.wait_for_url("**/")
        page.get_by_role("link", name="行政执法").first.click()
        page.goto(reverse("enforcement:action_import"))
        page.locator("input[name=file]").set_input_files(str(upload))
        page.get_by_role("button", name="上传并导入").click()
        page.wait_for_url("**/imports/*/")
        assert run_queued_tasks() == 1
        expect(page.get_by_test_id("import-done")).to_be_visible()
        assert "已导入 2 条" in page.get_by_test_id("import-done").inner_text()
        flagged = EnforcementAction.objects.get(case_number="市监罚〔2019〕12号")
        clean = EnforcementAction.objects.get(case_number="市监罚〔2019〕11号")

        # the supervisor's problems list: the decision is kept and flagged, the clean one is not there
        page.get_by_role("link", name="查看行政执法决定").click()
        page.get_by_role("link", name="问题清单").click()
        row = page.locator(f"[data-row=action-{flagged.pk}]")
        expect(row).to_contain_text(Problem.UNCERTIFIED.label)
        expect(page.locator(f"[data-row=action-{clean.pk}]")).to_have_count(0)

        # the portal (no login): both publicized decisions, the person's name masked, no ID number
        page.wait_for_load_state("networkidle")  # the navbar's count request may still set the session cookie
        page.context.clear_cookies()
        page.goto(reverse("portal:index"))
        page.get_by_role("link", name="行政执法决定公示").click()
        table = page.get_by_test_id("public-decisions")
        expect(table).to_contain_text("市监罚〔2019〕11号")
        expect(table).to_contain_text(mask_name(PERSON))
        expect(table).to_contain_text("示例商贸有限公司")
        page.get_by_role("link", name="市监罚〔2019〕11号").click()
        expect(page.get_by_test_id("public-parties")).to_have_text(mask_name(PERSON))
        html = page.content()
        assert PERSON not in html and PERSON_ID not in html
