"""The report's drafting edits go through the action runner (issue 10 item 3): every page entrance
needs the version its form showed; a stale one is refused as 两人同时编辑 and nothing is saved."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, audit_label, run
from fazhi.reports import services
from fazhi.reports.actions import EDITS
from fazhi.reports.models import AnnualReport, ReportSection, SectionVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(gov, bureau):  # type: ignore[no-untyped-def]
    return services.create_report(actor=bureau, org=gov, year=2019)


def state(report: AnnualReport) -> tuple[Any, ...]:
    """Everything a drafting edit may change: the report, its sections, their versions, the audit."""
    r = AnnualReport.objects.get(pk=report.pk)
    return (
        (r.version, r.title, r.issuer, r.signed_on, r.acknowledged_checks),
        list(
            ReportSection.objects.filter(report=r).values_list(
                "pk", "title", "order", "enabled", "text", "version"
            )
        ),
        SectionVersion.objects.filter(section__report=r).count(),
        AuditEvent.objects.filter(object_type="reports.annualreport", object_id=str(r.pk)).count(),
    )


def test_section_autosave_stale_version_409_and_missing_version_400(client, report, bureau) -> None:  # type: ignore[no-untyped-def]
    section = report.sections.get(code="plans")
    url = f"/reports/{report.pk}/sections/{section.pk}/save/"
    client.force_login(bureau)
    ok = client.post(url, {"text": "新的安排。", "title": section.title, "version": section.version})
    assert ok.status_code == 200
    before = state(report)
    stale = client.post(url, {"text": "覆盖", "title": section.title, "version": section.version})
    assert stale.status_code == 409 and "两人同时编辑" in stale.content.decode()
    missing = client.post(url, {"text": "覆盖", "title": section.title})
    assert missing.status_code == 400 and "版本" in missing.content.decode()
    assert state(report) == before


def test_section_save_keeps_the_reports_version(report, bureau) -> None:  # type: ignore[no-untyped-def]
    """Saving a section bumps the section, not the report: the details form on the page stays current."""
    section = report.sections.get(code="plans")
    saved = run(
        EDITS,
        "section_save",
        section.report,
        actor=bureau,
        data={"section": section, "text": "改写。"},
        version=section.version,
    )
    assert saved.version == section.version + 1
    assert AnnualReport.objects.get(pk=report.pk).version == report.version
    assert saved.versions.order_by("-number").first().number == saved.version
    event = AuditEvent.objects.filter(action="reports.section_save").latest("pk")
    assert event.diff["section"] == "plans" and audit_label(event.action) == "保存章节"
    # the same text again is no change: no new version, no audit event
    again = run(
        EDITS,
        "section_save",
        saved.report,
        actor=bureau,
        data={"section": saved, "text": "改写。"},
        version=saved.version,
    )
    assert again.version == saved.version
    assert AuditEvent.objects.filter(action="reports.section_save").count() == 1


def test_restore_with_a_stale_version_saves_nothing(client, report, bureau) -> None:  # type: ignore[no-untyped-def]
    section = report.sections.get(code="plans")
    run(
        EDITS,
        "section_save",
        section.report,
        actor=bureau,
        data={"section": section, "text": "第二版。"},
        version=TRUSTED,
    )
    client.force_login(bureau)
    before = state(report)
    r = client.post(
        f"/reports/{report.pk}/sections/{section.pk}/versions/1/restore/",
        {"version": section.version},
        follow=True,
    )
    assert "两人同时编辑" in r.content.decode()
    assert state(report) == before


def test_arrange_needs_the_version_read(client, report, bureau) -> None:  # type: ignore[no-untyped-def]
    plans = report.sections.get(code="plans")
    client.force_login(bureau)
    url = f"/reports/{report.pk}/arrange/"
    form = {f"title-{plans.pk}": "工作思路", f"order-{plans.pk}": "9"}
    before = state(report)
    for version in (report.version - 1, None):
        data = form if version is None else {**form, "version": version}
        r = client.post(url, data, follow=True)
        assert "已保存" not in r.content.decode()
        assert state(report) == before
    assert (
        "两人同时编辑"
        in client.post(url, {**form, "version": report.version - 1}, follow=True).content.decode()
    )
    client.post(url, {**form, "version": report.version})
    plans.refresh_from_db()
    assert (plans.title, plans.order) == ("工作思路", 9)
    assert AnnualReport.objects.get(pk=report.pk).version == report.version + 1
    assert AuditEvent.objects.filter(action="reports.arrange").count() == 1


def test_details_with_a_stale_version_save_nothing(client, report, bureau) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    before = state(report)
    r = client.post(
        f"/reports/{report.pk}/details/",
        {"title": "另一个标题", "issuer": "某县人民政府", "version": report.version - 1},
        follow=True,
    )
    assert "两人同时编辑" in r.content.decode()
    assert state(report) == before


def test_acknowledge_with_a_stale_version_saves_nothing(client, report, bureau) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    before = state(report)
    r = client.post(
        f"/reports/{report.pk}/acknowledge/", {"problem": ["any"], "version": report.version - 1}, follow=True
    )
    assert "两人同时编辑" in r.content.decode()
    assert state(report) == before
