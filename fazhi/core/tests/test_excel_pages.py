"""The Excel pages a module declares with ``core.excel_views.ExcelPages`` (disputes, litigation): the
template download, the audited export of the filtered list and the import page's refusal of an empty
upload, the same for every module that declares them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.audit.models import AuditEvent
from fazhi.core.models import ImportJob
from fazhi.orgs.models import OrgUnit, User
from fazhi.testing.clients import page

pytestmark = pytest.mark.django_db

MODULES = [("disputes", "dispute", "行政争议导入模板"), ("litigation", "case", "行政诉讼案件导入模板")]


@pytest.mark.parametrize(("app", "noun", "title"), MODULES)
def test_template_is_a_workbook_named_after_the_module(
    app: str, noun: str, title: str, units: dict[str, OrgUnit], clerk1: User
) -> None:
    resp = page(clerk1).get(reverse(f"{app}:import_template"))
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx" in resp["Content-Disposition"]  # 导入模板.xlsx
    wb = load_workbook(io.BytesIO(resp.content))
    assert "说明" in wb.sheetnames


@pytest.mark.parametrize(("app", "noun", "title"), MODULES)
def test_export_is_on_the_audit_trail_with_its_filters(
    app: str, noun: str, title: str, units: dict[str, OrgUnit], bureau: User
) -> None:
    before = AuditEvent.objects.filter(action=f"{app}.export").count()
    resp = page(bureau).get(reverse(f"{app}:{noun}_export"), {"status": "closed"})
    assert resp.status_code == 200
    assert load_workbook(io.BytesIO(b"".join(resp.streaming_content) if resp.streaming else resp.content))
    events = AuditEvent.objects.filter(action=f"{app}.export")
    assert events.count() == before + 1
    event = events.latest("id")
    assert event.actor_username == bureau.username
    assert "status=closed" in str(event.diff)


@pytest.mark.parametrize(("app", "noun", "title"), MODULES)
def test_import_without_a_file_is_refused_in_chinese_and_queues_nothing(
    app: str, noun: str, title: str, units: dict[str, OrgUnit], clerk1: User
) -> None:
    resp = page(clerk1).post(reverse(f"{app}:{noun}_import"), {"submit": "1"})
    assert resp.status_code == 200
    assert "请选择要导入的文件" in resp.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(("app", "noun", "title"), MODULES)
def test_leader_cannot_download_the_template_or_import(
    app: str, noun: str, title: str, units: dict[str, OrgUnit], leader: Any
) -> None:
    assert page(leader).get(reverse(f"{app}:import_template")).status_code == 403
    assert page(leader).post(reverse(f"{app}:{noun}_import"), {}).status_code == 403
