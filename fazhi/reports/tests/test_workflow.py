"""The annual report's workflow (RULES §7, 《法治政府建设与责任落实督察工作规定》 Arts 24–25): who may do each
step, audit of every step, the snapshot frozen at approval, the 31 March warning, versioned autosave."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, run
from fazhi.litigation.models import JudgmentKind
from fazhi.reports import services
from fazhi.reports.actions import EDITS, WORKFLOW
from fazhi.reports.figures import FigureQuery, collect
from fazhi.reports.models import AnnualReport
from fazhi.reports.output import report_blocks
from fazhi.reports.selectors import report_figures
from fazhi.testing.county import finish_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(cases, gov, bureau):  # type: ignore[no-untyped-def]
    return services.create_report(actor=bureau, org=gov, year=2019)


def events(report: AnnualReport, action: str) -> int:
    return AuditEvent.objects.filter(
        object_type="reports.annualreport", object_id=str(report.pk), action=action
    ).count()


def post(client, user, report, name):  # type: ignore[no-untyped-def]
    client.force_login(user)
    # 9.3: the page's button sends the version it showed.
    version = AnnualReport.objects.get(pk=report.pk).version
    return client.post(f"/reports/{report.pk}/do/{name}/", {"version": version})


def test_create_prefills_sections_from_the_live_figures(report, gov) -> None:  # type: ignore[no-untyped-def]
    codes = [s.code for s in report.sections.all()]
    assert codes == ["intro", "measures", "shortcomings", "leaders", "plans", "other"]
    assert not report.sections.get(code="other").enabled  # Art 25: the fifth section is optional
    measures = report.sections.get(code="measures").text
    assert "{{litigation.concluded}}" in measures and "{{litigation.loss_rate}}" in measures
    blocks, figures = report_blocks(report)
    text = "".join(b.text for b in blocks)
    assert f"审结行政诉讼案件{figures['litigation.concluded'].value}件" in text
    assert figures["litigation.loss_rate"].display() in text
    assert events(report, "reports.create") == 1


def test_every_step_needs_its_role_and_is_audited(client, report, bureau, reviewer, leader, clerk) -> None:  # type: ignore[no-untyped-def]
    finish_draft(report, bureau)
    steps = [
        ("submit", bureau, [leader, clerk], "review"),
        ("clear", reviewer, [bureau, leader, clerk], "cleared"),
        ("approve", leader, [bureau, reviewer, clerk], "approved"),
        ("publish", bureau, [leader, clerk], "published"),
    ]
    for name, allowed, refused, target in steps:
        for other in refused:
            before = AnnualReport.objects.get(pk=report.pk)
            resp = post(client, other, report, name)
            assert resp.status_code in (403, 404), (name, other.username)
            after = AnnualReport.objects.get(pk=report.pk)
            assert (after.status, after.version) == (before.status, before.version)
            assert events(report, f"reports.{name}") == 0
        resp = post(client, allowed, report, name)
        assert resp.status_code == 302, (name, resp.content.decode()[:300])
        assert AnnualReport.objects.get(pk=report.pk).status == target
        assert events(report, f"reports.{name}") == 1


def test_illegal_transition_is_400_and_changes_nothing(client, report, bureau) -> None:  # type: ignore[no-untyped-def]
    resp = post(client, bureau, report, "publish")
    assert resp.status_code == 400
    assert "不能执行" in resp.content.decode()
    assert AnnualReport.objects.get(pk=report.pk).status == "draft"


def test_superuser_administrator_cannot_review(report, bureau, units) -> None:  # type: ignore[no-untyped-def]
    from fazhi.orgs.models import Role
    from fazhi.testing.factories import make_user

    finish_draft(report, bureau)
    run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    admin = make_user(Role.SYSADMIN, units["sfj"], username="sysadm")
    # The database refuses superusers (orgs constraint user_never_superuser); the flag in memory
    # still checks that roles.py never treats it as a pass.
    admin.is_superuser = True
    with pytest.raises(PermissionDenied):
        run(WORKFLOW, "clear", report, actor=admin, version=TRUSTED)


def _approve(report, bureau, reviewer, leader):  # type: ignore[no-untyped-def]
    report = finish_draft(report, bureau)
    run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    run(WORKFLOW, "clear", report, actor=reviewer, version=TRUSTED)
    return run(WORKFLOW, "approve", report, actor=leader, version=TRUSTED)


def test_approval_freezes_figures_and_text(report, cases, bureau, reviewer, leader, gov) -> None:  # type: ignore[no-untyped-def]
    report = _approve(report, bureau, reviewer, leader)
    frozen = {k: f.value for k, f in report_figures(report).items()}
    frozen_text = "".join(b.text for b in report_blocks(report)[0])
    # Data changes after approval: one more 2019 case concluded (and lost).
    cases.add(
        "d01", date(2019, 9, 1), judged=date(2019, 12, 1), outcome="revoked", kind=JudgmentKind.JUDGMENT
    )
    live = collect(FigureQuery.for_year(2019, gov))
    assert live["litigation.concluded"].value == frozen["litigation.concluded"] + 1
    report.refresh_from_db()
    assert {k: f.value for k, f in report_figures(report).items()} == frozen
    assert "".join(b.text for b in report_blocks(report)[0]) == frozen_text
    assert report.snapshot["figures"]["litigation.concluded"]["drilldown"]
    run(WORKFLOW, "publish", report, actor=bureau, version=TRUSTED)
    report.refresh_from_db()
    assert {k: f.value for k, f in report_figures(report).items()} == frozen


def test_returning_an_approved_report_unfreezes_it(report, bureau, reviewer, leader) -> None:  # type: ignore[no-untyped-def]
    report = _approve(report, bureau, reviewer, leader)
    with pytest.raises(PermissionDenied):
        run(WORKFLOW, "return", report, actor=bureau, version=TRUSTED)
    report = run(WORKFLOW, "return", report, actor=leader, data={"reason": "数据需更新"}, version=TRUSTED)
    assert report.status == "draft" and report.snapshot is None


def test_warning_when_publication_planned_after_31_march(report, bureau) -> None:  # type: ignore[no-untyped-def]
    """Art 24: published before 1 April of the following year."""
    report.planned_publication_on = date(2020, 3, 31)
    assert services.warnings(report) == []
    run(
        EDITS,
        "update",
        report,
        actor=bureau,
        data={
            "title": report.title,
            "issuer": report.issuer,
            "planned_publication_on": date(2020, 4, 1),
            "signed_on": None,
        },
        version=TRUSTED,
    )
    report.refresh_from_db()
    assert report.publication_late
    assert "4月1日之前" in services.warnings(report)[0]


def test_warning_is_shown_on_the_report_page(client, report, bureau) -> None:  # type: ignore[no-untyped-def]
    AnnualReport.objects.filter(pk=report.pk).update(planned_publication_on=date(2020, 4, 2))
    client.force_login(bureau)
    assert "第二十四条" in client.get(f"/reports/{report.pk}/").content.decode()


def test_autosave_keeps_every_version_and_refuses_stale_saves(client, report, bureau) -> None:  # type: ignore[no-untyped-def]
    section = report.sections.get(code="shortcomings")
    client.force_login(bureau)
    url = f"/reports/{report.pk}/sections/{section.pk}/save/"
    r1 = client.post(
        url,
        {"text": "一是法治意识需加强。", "title": section.title, "version": section.version},
        HTTP_HX_REQUEST="true",
    )
    assert r1.status_code == 200 and "已自动保存" in r1.content.decode()
    r2 = client.post(
        url,
        {
            "text": "一是法治意识需加强。\n二是执法规范需提升。",
            "title": section.title,
            "version": section.version + 1,
        },
        HTTP_HX_REQUEST="true",
    )
    assert r2.status_code == 200
    section.refresh_from_db()
    assert section.text.endswith("二是执法规范需提升。")
    assert list(section.versions.values_list("number", flat=True)) == [1, 2, 3]
    assert section.versions.get(number=2).text == "一是法治意识需加强。"
    stale = client.post(url, {"text": "覆盖", "title": section.title, "version": 1}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409
    section.refresh_from_db()
    assert section.text.endswith("二是执法规范需提升。") and section.versions.count() == 3
    assert events(report, "reports.section_save") == 2


def test_only_bureau_edits_and_only_drafts(client, report, bureau, leader) -> None:  # type: ignore[no-untyped-def]
    section = report.sections.get(code="plans")
    with pytest.raises(PermissionDenied):
        run(
            EDITS,
            "section_save",
            section.report,
            actor=leader,
            data={"section": section, "text": "改"},
            version=TRUSTED,
        )
    finish_draft(report, bureau)
    run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    with pytest.raises(ValidationError):
        run(
            EDITS,
            "section_save",
            section.report,
            actor=bureau,
            data={"section": section, "text": "改"},
            version=TRUSTED,
        )
    client.force_login(leader)
    assert client.get(f"/reports/{report.pk}/edit/").status_code == 403
    assert client.get(f"/reports/{report.pk}/").status_code == 200


def test_section_titles_and_order_are_editable(report, bureau) -> None:  # type: ignore[no-untyped-def]
    """RULES §7: some governments put the 第一责任人 section first and vary the wording."""
    rows = [
        {"id": s.pk, "title": s.title, "order": s.order, "enabled": s.enabled} for s in report.sections.all()
    ]
    leaders = next(r for r in rows if report.sections.get(pk=r["id"]).code == "leaders")
    leaders["order"], leaders["title"] = 15, "党政主要负责人履行第一责任人职责情况"
    run(EDITS, "arrange", report, actor=bureau, data={"rows": rows}, version=TRUSTED)
    headings = [b.text for b in report_blocks(report)[0] if b.kind == "h1" and b.text[1] == "、"]
    assert headings[0] == "一、党政主要负责人履行第一责任人职责情况"
    with pytest.raises(ValidationError):
        run(
            EDITS,
            "arrange",
            report,
            actor=bureau,
            data={"rows": [{**rows[2], "enabled": False}]},
            version=TRUSTED,
        )


def test_personal_data_blocks_publication(report, bureau, reviewer, leader) -> None:  # type: ignore[no-untyped-def]
    """RULES §9: personal information is never disclosed in published reports."""
    section = report.sections.get(code="plans")
    run(
        EDITS,
        "section_save",
        section.report,
        actor=bureau,
        data={"section": section, "text": "联系人电话13912345678。"},
        version=TRUSTED,
    )
    report = _approve(report, bureau, reviewer, leader)
    with pytest.raises(ValidationError, match="个人信息"):
        run(WORKFLOW, "publish", report, actor=bureau, version=TRUSTED)
    assert AnnualReport.objects.get(pk=report.pk).status == "approved"


def test_restoring_a_version_saves_it_as_the_newest(client, report, bureau) -> None:  # type: ignore[no-untyped-def]
    section = report.sections.get(code="plans")
    original = section.text
    run(
        EDITS,
        "section_save",
        section.report,
        actor=bureau,
        data={"section": section, "text": "（一）改写后的安排。"},
        version=TRUSTED,
    )
    client.force_login(bureau)
    page = client.get(f"/reports/{report.pk}/sections/{section.pk}/versions/").content.decode()
    assert "恢复此版本" in page and 'name="version" value="2"' in page
    resp = client.post(f"/reports/{report.pk}/sections/{section.pk}/versions/1/restore/", {"version": 2})
    assert resp.status_code == 302
    section.refresh_from_db()
    assert section.text == original and section.version == 3
    assert list(section.versions.values_list("number", flat=True)) == [1, 2, 3]


def test_a_governments_section_titles_and_order_carry_over(report, bureau, gov) -> None:  # type: ignore[no-untyped-def]
    """RULES §7: titles and order are the government's own; next year's draft keeps them."""
    rows = [
        {"id": s.pk, "title": s.title, "order": s.order, "enabled": s.enabled} for s in report.sections.all()
    ]
    plans = next(r for r in rows if report.sections.get(pk=r["id"]).code == "plans")
    plans["title"], plans["order"] = "2020年度法治政府建设工作思路", 5
    run(EDITS, "arrange", report, actor=bureau, data={"rows": rows}, version=TRUSTED)
    nxt = services.create_report(actor=bureau, org=gov, year=2020)
    section = nxt.sections.get(code="plans")
    assert (section.title, section.order) == ("2021年度法治政府建设工作思路", 5)
    assert nxt.sections.get(code="measures").title.startswith("2020年")
