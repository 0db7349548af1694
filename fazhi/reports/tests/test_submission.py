"""报送 (督察规定 Art 24: a government reports its annual report to the level above and publishes it before
1 April): a county submits its approved report to the city; the city sees every county's stage with late
flags, opens only submitted reports, returns one with comments, downloads them all (ZIP, xlsx); the city's
portal lists its counties' published reports."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, run
from fazhi.orgs.models import OrgUnit, Role, User
from fazhi.reports import services, submission
from fazhi.reports.actions import WORKFLOW
from fazhi.reports.models import AnnualReport
from fazhi.reports.roles import ensure_reviewer_group
from fazhi.testing.clock import SHANGHAI
from fazhi.testing.county import finish_draft
from fazhi.testing.factories import OrgUnitFactory, make_user
from fazhi.testing.jobs import run_queued_tasks

pytestmark = pytest.mark.django_db
G = OrgUnit.Kind.GOVERNMENT


@dataclass
class County:
    gov: OrgUnit
    bureau: User
    reviewer: User
    leader: User


@dataclass
class Tree:
    city: OrgUnit
    city_bureau: User
    city_leader: User
    a: County
    b: County


def _county(code: str, name: str, city: OrgUnit) -> County:
    gov = OrgUnitFactory(code=code, name=f"{name}人民政府", kind=G, parent=city, short_name=name[:1])
    sfj = OrgUnitFactory(
        code=f"{code}-sfj", name=f"{name}司法局", kind=OrgUnit.Kind.JUSTICE_BUREAU, parent=gov
    )
    reviewer = make_user(Role.BUREAU, sfj, username=f"reviewer_{code}")
    reviewer.groups.add(ensure_reviewer_group())
    return County(
        gov, make_user(Role.BUREAU, sfj, username=f"bureau_{code}"), reviewer, make_user(Role.LEADER, gov)
    )


@pytest.fixture
def tree() -> Tree:
    """A city government with its 司法局 and two county governments, each with its own 司法局."""
    city = OrgUnitFactory(code="city", name="示例市人民政府", kind=G, short_name="市")
    sfj = OrgUnitFactory(code="city-sfj", name="示例市司法局", kind=OrgUnit.Kind.JUSTICE_BUREAU, parent=city)
    return Tree(
        city,
        make_user(Role.BUREAU, sfj, username="bureau_city"),
        make_user(Role.LEADER, city),
        _county("east", "东县", city),
        _county("west", "西县", city),
    )


@pytest.fixture
def march() -> Iterator[None]:
    with time_machine.travel(datetime(2020, 3, 20, 10, tzinfo=SHANGHAI), tick=False):
        yield


def approved(c: County, year: int = 2019) -> AnnualReport:
    report = services.create_report(actor=c.bureau, org=c.gov, year=year)
    finish_draft(report, c.bureau)
    for step, actor in (("submit", c.bureau), ("clear", c.reviewer), ("approve", c.leader)):
        report = run(WORKFLOW, step, report, actor=actor, version=TRUSTED)
    return report


def do(client, user, report, name, **data):  # type: ignore[no-untyped-def]
    client.force_login(user)
    version = AnnualReport.objects.get(pk=report.pk).version
    return client.post(f"/reports/{report.pk}/do/{name}/", {"version": version, **data})


def test_upper_government_is_the_nearest_government_above(tree) -> None:  # type: ignore[no-untyped-def]
    assert submission.upper_government(tree.a.gov) == tree.city
    assert submission.upper_government(tree.city) is None
    assert submission.subordinate_governments(tree.city) == [tree.a.gov, tree.b.gov]
    assert submission.subordinate_governments(tree.a.gov) == []


def test_county_submits_its_approved_report_and_the_city_reads_it(client, tree, march) -> None:  # type: ignore[no-untyped-def]
    """Art 24: the approved report goes up through the action runner (version checked, audited)."""
    report = approved(tree.a)
    client.force_login(tree.city_bureau)
    assert client.get(f"/reports/{report.pk}/").status_code == 404  # approved, not yet submitted
    # Only the county's own bureau submits it; its leader and the city cannot.
    for other in (tree.a.leader, tree.city_bureau):
        assert do(client, other, report, "report_up").status_code in (403, 404)
    resp = do(client, tree.a.bureau, report, "report_up")
    assert resp.status_code == 302, resp.content.decode()[:300]
    report.refresh_from_db()
    assert (report.reported_on, report.reported_by, report.status) == (
        date(2020, 3, 20),
        tree.a.bureau,
        "approved",
    )
    event = AuditEvent.objects.get(object_id=str(report.pk), action="reports.report_up")
    assert "示例市人民政府" in str(event.diff) and "late" in str(event.diff)
    # Submitted once only.
    assert do(client, tree.a.bureau, report, "report_up").status_code == 400
    client.force_login(tree.city_bureau)
    assert client.get(f"/reports/{report.pk}/").status_code == 200
    assert report.title in client.get("/reports/").content.decode()
    # The city reads it but does not handle it: no publishing or returning the county's approval.
    for step in ("publish", "return"):
        with pytest.raises(PermissionDenied):
            run(
                WORKFLOW,
                step,
                report,
                actor=tree.city_bureau if step == "publish" else tree.city_leader,
                version=TRUSTED,
            )


def test_a_county_never_opens_a_neighbours_report_nor_the_city_a_draft(client, tree, march) -> None:  # type: ignore[no-untyped-def]
    submitted = approved(tree.a)
    run(WORKFLOW, "report_up", submitted, actor=tree.a.bureau, version=TRUSTED)
    draft = services.create_report(actor=tree.b.bureau, org=tree.b.gov, year=2019)
    assert set(submission.visible_reports(tree.city_bureau)) == {submitted}
    assert set(submission.visible_reports(tree.city_leader)) == {submitted}
    assert set(submission.visible_reports(tree.b.bureau)) == {draft}
    client.force_login(tree.b.bureau)
    assert client.get(f"/reports/{submitted.pk}/").status_code == 404
    client.force_login(tree.city_bureau)
    assert client.get(f"/reports/{draft.pk}/").status_code == 404


def test_the_city_returns_a_submitted_report_with_comments(client, tree, march) -> None:  # type: ignore[no-untyped-def]
    report = approved(tree.a)
    run(WORKFLOW, "report_up", report, actor=tree.a.bureau, version=TRUSTED)
    # The county cannot return its own submission; the city must give its reasons.
    with pytest.raises(PermissionDenied):
        run(WORKFLOW, "send_back", report, actor=tree.a.bureau, data={"comment": "x"}, version=TRUSTED)
    resp = do(client, tree.city_bureau, report, "send_back", comment="")
    assert resp.status_code == 400 and "请填写退回意见" in resp.content.decode()
    resp = do(client, tree.city_bureau, report, "send_back", comment="第三部分未写明存在的不足")
    assert resp.status_code == 302 and "/reports/submissions/?year=2019" in resp["Location"]
    report.refresh_from_db()
    assert report.status == "draft" and report.snapshot is None and report.reported_on is None
    assert report.return_comment == "第三部分未写明存在的不足"
    assert AuditEvent.objects.filter(object_id=str(report.pk), action="reports.send_back").count() == 1
    # issue 15 item 9: who reported the report is notified of the return, with the comments
    from fazhi.notifications.models import Notification

    note = Notification.objects.get(user=tree.a.bureau, kind="returned")
    assert "第三部分未写明存在的不足" in note.title and note.url == f"/reports/{report.pk}/"
    client.force_login(tree.a.bureau)
    assert "第三部分未写明存在的不足" in client.get(f"/reports/{report.pk}/").content.decode()


def test_a_submitted_report_cannot_be_withdrawn_by_the_county(tree, march) -> None:  # type: ignore[no-untyped-def]
    report = approved(tree.a)
    run(WORKFLOW, "report_up", report, actor=tree.a.bureau, version=TRUSTED)
    with pytest.raises(ValidationError, match="由上级政府退回"):
        run(WORKFLOW, "return", report, actor=tree.a.leader, version=TRUSTED)


def test_only_an_approved_report_can_be_marked_submitted(tree) -> None:  # type: ignore[no-untyped-def]
    report = services.create_report(actor=tree.a.bureau, org=tree.a.gov, year=2019)
    report.reported_on = date(2020, 3, 1)
    with pytest.raises(ValidationError, match="只有已批准的报告才能报送上级"):
        report.full_clean()


def test_the_top_government_has_nobody_to_report_to(tree, march) -> None:  # type: ignore[no-untyped-def]
    leader = make_user(Role.LEADER, tree.city, username="leader_city2")
    reviewer = make_user(Role.BUREAU, tree.city_bureau.org, username="reviewer_city")
    reviewer.groups.add(ensure_reviewer_group())
    report = approved(County(tree.city, tree.city_bureau, reviewer, leader))
    with pytest.raises(ValidationError, match="没有上级政府"):
        run(WORKFLOW, "report_up", report, actor=tree.city_bureau, version=TRUSTED)


def test_board_shows_every_county_stage_dates_and_late_flags(client, tree) -> None:  # type: ignore[no-untyped-def]
    """Art 24 deadline: 31 March of the following year; a report submitted on 2 April is late, and one not
    submitted at all is late once 1 April has come."""
    with time_machine.travel(datetime(2020, 4, 2, 10, tzinfo=SHANGHAI), tick=False):
        report = approved(tree.a)
        run(WORKFLOW, "report_up", report, actor=tree.a.bureau, version=TRUSTED)
        services.create_report(actor=tree.b.bureau, org=tree.b.gov, year=2019)
    rows = {r.government.code: r for r in submission.board(tree.city, 2019, date(2020, 3, 31))}
    assert (rows["east"].stage, rows["east"].report_late, rows["east"].publication_late) == (
        "submitted",
        True,
        False,
    )
    assert (rows["west"].stage, rows["west"].report_late) == ("drafting", False)
    rows = {r.government.code: r for r in submission.board(tree.city, 2019, date(2020, 4, 1))}
    assert rows["west"].report_late and rows["west"].publication_late
    rows = {r.government.code: r for r in submission.board(tree.city, 2018, date(2019, 3, 1))}
    assert rows["east"].stage == rows["west"].stage == "not_started"
    client.force_login(tree.city_leader)
    page = client.get("/reports/submissions/?year=2019").content.decode()
    assert "东县人民政府" in page and "西县人民政府" in page and "报送逾期" in page and "起草中" in page


def test_summary_xlsx_of_the_year(client, tree, march) -> None:  # type: ignore[no-untyped-def]
    for c in (tree.a, tree.b):
        run(WORKFLOW, "report_up", approved(c), actor=c.bureau, version=TRUSTED)
    client.force_login(tree.city_bureau)
    resp = client.get("/reports/submissions.xlsx?year=2019")
    ws = load_workbook(io.BytesIO(resp.content)).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[6]) for r in rows] == [
        ("东县人民政府", "已报送", "否"),
        ("西县人民政府", "已报送", "否"),
    ]


@pytest.mark.django_db(transaction=True)
def test_zip_of_the_submitted_reports_is_built_in_the_background(client, tree) -> None:  # type: ignore[no-untyped-def]
    """A job on the queue (core.file_jobs) with progress; only the asker opens and downloads it. (The clock
    runs here: the ORM broker hands out tasks queued strictly before now.)"""
    with time_machine.travel(datetime(2020, 3, 20, 10, tzinfo=SHANGHAI), tick=False):
        for c in (tree.a, tree.b):
            run(WORKFLOW, "report_up", approved(c), actor=c.bureau, version=TRUSTED)
    client.force_login(tree.city_bureau)
    resp = client.post("/reports/submissions.zip", {"year": "2019"})
    assert resp.status_code == 302
    job_url = resp["Location"]
    assert 'data-status="queued"' in client.get(job_url).content.decode()
    assert run_queued_tasks() == 1
    page = client.get(job_url, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="succeeded"' in page and "共 2 项" in page
    data = client.get(job_url + "download")
    names = zipfile.ZipFile(io.BytesIO(b"".join(data.streaming_content))).namelist()
    assert names == [f"{n}人民政府2019年度法治政府建设工作情况报告.docx" for n in ("东县", "西县")]
    client.force_login(tree.a.bureau)
    assert client.get(job_url).status_code == 404
    assert client.get(job_url + "download").status_code == 404
    # A county has no governments below it: its ZIP is empty, never the city's reports.
    job_url = client.post("/reports/submissions.zip", {"year": "2019"})["Location"]
    run_queued_tasks()
    data = client.get(job_url + "download")
    assert zipfile.ZipFile(io.BytesIO(b"".join(data.streaming_content))).namelist() == []


def test_city_portal_lists_the_counties_published_reports(client, tree, march) -> None:  # type: ignore[no-untyped-def]
    east = approved(tree.a)
    run(WORKFLOW, "publish", east, actor=tree.a.bureau, version=TRUSTED)
    approved(tree.b)  # approved, not published: on no portal
    other = OrgUnitFactory(code="north", name="北市人民政府", kind=G)
    page = client.get("/portal/reports/?gov=city").content.decode()
    assert east.snapshot["title"] in page and "西县" not in page
    assert east.snapshot["title"] in client.get("/portal/reports/?gov=east").content.decode()
    assert "暂无公开的报告" in client.get(f"/portal/reports/?gov={other.code}").content.decode()
    assert client.get("/portal/reports/?gov=nowhere").status_code == 404
