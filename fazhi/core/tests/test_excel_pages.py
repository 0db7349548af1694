"""The Excel pages a module declares with ``core.excel_views.ExcelPages``: the template download, the
audited export of the filtered list and the import page's refusal of an empty upload, the same for every
module that declares them; the options a module may add (an export cap, column widths, import roles)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.audit.models import AuditEvent
from fazhi.core import excel_views
from fazhi.core.excel_views import ExcelPages
from fazhi.core.models import ImportJob
from fazhi.orgs.models import OrgUnit, User
from fazhi.reconsideration import imports as recon_imports
from fazhi.testing import contract
from fazhi.testing.clients import page
from fazhi.testing.factories import make_reconsideration_case

pytestmark = pytest.mark.django_db


def _excel_modules() -> dict[tuple[str, str], str]:
    """(app, noun) → kind of every import kind the manifests declare (``registry.tabular``), from the pages
    its ``ExcelPages`` registered when the URLconf loaded: a new module is covered without being named here.
    The kind is the export's audit prefix (not always the app: the review queue's is ``legality_reviews``)."""
    contract.endpoints()
    pages = {kind: excel_views.PAGES[kind][1].split(":") for kind in contract.tabular_kinds()}
    return {(app, name.removesuffix("_import")): kind for kind, (app, name) in pages.items()}


KINDS = _excel_modules()
MODULES = list(KINDS)


def test_every_import_kind_has_its_excel_pages() -> None:
    assert {app for app, _ in MODULES} >= {"reconsideration", "litigation", "disputes"}


@pytest.mark.parametrize(("app", "noun"), MODULES)
def test_template_is_a_workbook_named_after_the_module(
    app: str, noun: str, units: dict[str, OrgUnit], clerk1: User
) -> None:
    resp = page(clerk1).get(reverse(f"{app}:{noun}_import_template"))
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert quote("导入模板.xlsx") in resp["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.content))
    assert "说明" in wb.sheetnames


@pytest.mark.parametrize(("app", "noun"), MODULES)
def test_export_is_on_the_audit_trail_with_its_filters(
    app: str, noun: str, units: dict[str, OrgUnit], bureau: User
) -> None:
    action = f"{KINDS[app, noun]}.export"
    before = AuditEvent.objects.filter(action=action).count()
    resp = page(bureau).get(reverse(f"{app}:{noun}_export"), {"status": "closed"})
    assert resp.status_code == 200
    assert load_workbook(io.BytesIO(b"".join(resp.streaming_content) if resp.streaming else resp.content))
    events = AuditEvent.objects.filter(action=action)
    assert events.count() == before + 1
    event = events.latest("id")
    assert event.actor_username == bureau.username
    assert "status=closed" in str(event.diff)


@pytest.mark.parametrize(("app", "noun"), MODULES)
def test_import_without_a_file_is_refused_in_chinese_and_queues_nothing(
    app: str, noun: str, units: dict[str, OrgUnit], bureau: User
) -> None:
    resp = page(bureau).post(reverse(f"{app}:{noun}_import"), {"submit": "1"})
    assert resp.status_code == 200
    assert "请选择要导入的文件" in resp.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(("app", "noun"), MODULES)
def test_leader_cannot_download_the_template_or_import(
    app: str, noun: str, units: dict[str, OrgUnit], leader: Any
) -> None:
    assert page(leader).get(reverse(f"{app}:{noun}_import_template")).status_code == 403
    assert page(leader).post(reverse(f"{app}:{noun}_import"), {}).status_code == 403


def _export_sheet(pages: ExcelPages, user: User) -> Any:
    view = next(p.callback for p in pages.urls() if p.name == f"{pages.noun}_export")
    request = RequestFactory().get("/export/")
    request.user = user
    resp = view(request)
    assert resp.status_code == 200
    return load_workbook(io.BytesIO(resp.content)).active


def test_export_is_capped_at_max_rows_newest_first(units: dict[str, OrgUnit], bureau: User) -> None:
    """``max_rows`` keeps the export of a huge filtered list bounded (reconsideration: 100 000 rows)."""
    for day in (date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 3)):
        make_reconsideration_case(bureau, units["d01"], day)
    pages = ExcelPages("reconsideration", "case", "行政复议案件", recon_imports, max_rows=2)
    rows = list(_export_sheet(pages, bureau).iter_rows(min_row=2, values_only=True))
    received = recon_imports.EXPORT.headers.index("收到申请日期")
    assert [r[received].date() for r in rows] == [date(2024, 3, 3), date(2024, 3, 2)]


def test_export_takes_the_modules_column_widths(units: dict[str, OrgUnit], bureau: User) -> None:
    pages = ExcelPages("reconsideration", "case", "行政复议案件", recon_imports)
    ws = _export_sheet(pages, bureau)
    widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
    assert widths == list(recon_imports.EXPORT.widths or ())


def test_import_roles_limit_the_upload_page(units: dict[str, OrgUnit], bureau: User, clerk1: User) -> None:
    """Only the reconsideration office imports historical cases: a department clerk, a writer
    elsewhere, is refused the page (and queues nothing)."""
    url = reverse("reconsideration:case_import")
    assert page(clerk1).get(url).status_code == 403
    assert page(clerk1).post(url, {}).status_code == 403
    assert page(bureau).get(url).status_code == 200
    assert not ImportJob.objects.exists()
