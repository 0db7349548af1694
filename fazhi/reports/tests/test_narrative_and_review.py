"""Issue 9 item 4 (report parts) and item 6 (the printed rates): numbers typed into the narrative are
checked against the records, "（请填写…）" blocks 提交保密审查, and 保密审查 is passed by another person
than the submitter (RULES §7: the report is reviewed for secrets before approval and publication).
Every rate in the text names its counts and base (FIGURES.md "纠错N件，占审结案件M件的x%")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, run
from fazhi.reports import services
from fazhi.reports.actions import EDITS, WORKFLOW
from fazhi.reports.compose import figure_paragraphs
from fazhi.reports.figures import FigureQuery, collect
from fazhi.reports.models import AnnualReport
from fazhi.reports.output import report_blocks
from fazhi.reports.roles import ensure_reviewer_group
from fazhi.testing.county import finish_draft

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock():  # type: ignore[no-untyped-def]
    """No test depends on today's date (the suite also runs with the clock two years ahead)."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def report(recon_cases, gov, bureau):  # type: ignore[no-untyped-def]
    return finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)


def _type(report, bureau, text):  # type: ignore[no-untyped-def]
    section = report.sections.get(code="shortcomings")
    run(
        EDITS,
        "section_save",
        section.report,
        actor=bureau,
        data={"section": section, "text": text},
        version=TRUSTED,
    )
    return services.current_problems(report)


def test_generated_text_names_the_counts_and_base_of_every_rate(report, gov) -> None:  # type: ignore[no-untyped-def]
    """FIGURES.md: every printed rate comes with its counts; 调解 is printed on its own."""
    figs = collect(FigureQuery.for_year(2019, gov))
    v = {k: f.display() for k, f in figs.items()}
    text = "".join(b.text for b in report_blocks(report)[0])
    assert (
        f"直接纠错{v['reconsideration.corrected']}件，占审结案件{v['reconsideration.concluded']}件的"
        f"{v['reconsideration.correction_rate']}（直接纠错率，以审结数为基数）" in text
    )
    assert (
        f"纠错{v['reconsideration.corrected']}件、调解{v['reconsideration.mediated']}件、"
        f"撤回{v['reconsideration.withdrawn']}件，合计占审结案件{v['reconsideration.concluded']}件的"
        f"{v['reconsideration.substantive_resolution_rate']}（综合化解率）" in text
    )
    assert f"受理{v['reconsideration.accepted']}件" in text
    assert (
        f"败诉{v['litigation.lost']}件，占审结案件{v['litigation.concluded']}件的{v['litigation.loss_rate']}"
        in text
    )
    # the generated paragraphs agree with the records: no problem at all
    assert services.current_problems(report) == []
    assert figure_paragraphs(figs)


def test_a_typed_count_that_contradicts_the_record_is_listed_with_paragraph_and_drilldown(
    client, report, gov, bureau
) -> None:  # type: ignore[no-untyped-def]
    received = collect(FigureQuery.for_year(2019, gov))["reconsideration.received"]
    wrong = int(received.value) + 2
    problems = _type(report, bureau, f"一是全年收到行政复议申请{wrong}件，较上年有所增加。")
    assert len(problems) == 1, [p.message for p in problems]
    p = problems[0]
    assert f"（{wrong}）" in p.message and f"为{received.value}" in p.message
    assert "存在的不足和原因」第1段" in p.message and "收到行政复议申请" in p.message
    assert p.link == received.drilldown
    client.force_login(bureau)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert f"申请{wrong}件" in page and f'href="{received.drilldown.replace("&", "&amp;")}"' in page
    # the right number, also typed with full-width digits, passes
    right = str(received.value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert _type(report, bureau, f"一是全年收到行政复议申请{right}件。") == []
    # full-width digits do not hide a wrong number
    wrong_fw = str(wrong).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert len(_type(report, bureau, f"一是全年收到行政复议申请{wrong_fw}件。")) == 1


def test_a_number_is_read_against_the_module_the_sentence_names(report, gov, bureau) -> None:  # type: ignore[no-untyped-def]
    """审结 exists in 行政复议 and 行政应诉: a sentence on 行政诉讼 is checked against litigation."""
    figs = collect(FigureQuery.for_year(2019, gov))
    recon, lit = figs["reconsideration.concluded"].value, figs["litigation.concluded"].value
    assert recon != lit  # the fixture has reconsideration cases and no lawsuits
    problems = _type(report, bureau, f"二是行政诉讼案件全年审结{recon}件。")
    assert len(problems) == 1 and f"行政应诉「审结」为{lit}" in problems[0].message
    assert _type(report, bureau, f"二是行政复议案件全年审结{recon}件。") == []


def test_typed_rates_and_words_inside_longer_words(report, gov, bureau) -> None:  # type: ignore[no-untyped-def]
    figs = collect(FigureQuery.for_year(2019, gov))
    rate = figs["reconsideration.correction_rate"]
    assert _type(report, bureau, f"行政复议直接纠错率为{rate.display()}。") == []
    wrong = f"{rate.value * 100 + 5:.2f}%"
    problems = _type(report, bureau, f"行政复议直接纠错率为{wrong}。")
    assert len(problems) == 1 and rate.display() in problems[0].message and wrong in problems[0].message
    # the "x%（纠错率）" order is read too
    assert len(_type(report, bureau, f"行政复议纠错案件占{wrong}（纠错率）。")) == 1
    # 不予受理 is not 受理: a number after 不予受理 is checked against declined only
    declined = figs["reconsideration.declined"].value
    assert _type(report, bureau, f"行政复议不予受理{declined}件。") == []
    assert len(_type(report, bureau, f"行政复议不予受理{int(declined) + 3}件。")) == 1


def test_a_wrong_number_blocks_approval_until_acknowledged(report, gov, bureau, reviewer, leader) -> None:  # type: ignore[no-untyped-def]
    received = collect(FigureQuery.for_year(2019, gov))["reconsideration.received"]
    _type(report, bureau, f"一是全年收到行政复议申请{int(received.value) + 2}件。")
    run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    run(WORKFLOW, "clear", report, actor=reviewer, version=TRUSTED)
    with pytest.raises(ValidationError, match="收到行政复议申请"):
        run(WORKFLOW, "approve", report, actor=leader, version=TRUSTED)
    assert AnnualReport.objects.get(pk=report.pk).status == "cleared"


def test_a_placeholder_blocks_submission_on_page_and_api(client, recon_cases, gov, bureau) -> None:  # type: ignore[no-untyped-def]
    report = services.create_report(actor=bureau, org=gov, year=2019)  # prefilled: "（请填写…）" left
    problems = [p for p in services.current_problems(report) if p.kind == "placeholder"]
    assert problems and all("待填写" in p.message for p in problems)
    with pytest.raises(ValidationError, match="待填写"):
        run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    client.force_login(bureau)
    resp = client.post(f"/reports/{report.pk}/do/submit/", {"version": _version(report)})
    assert resp.status_code == 400 and "请填写存在的不足" in resp.content.decode()
    api = APIClient()
    api.force_authenticate(bureau)
    resp = api.post(
        f"/api/v1/reports/{report.pk}/transitions/submit/", {"version": _version(report)}, format="json"
    )
    assert resp.status_code == 400 and "待填写" in str(resp.json())
    # a placeholder cannot be acknowledged away
    with pytest.raises(ValidationError):
        run(
            EDITS,
            "acknowledge_checks",
            report,
            actor=bureau,
            data={"problem_ids": [p.id for p in problems]},
            version=TRUSTED,
        )
    report.refresh_from_db()
    assert report.status == "draft" and report.version == 1
    assert AuditEvent.objects.filter(action="reports.submit").count() == 0
    finish_draft(report, bureau)
    assert run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED).status == "review"


def test_the_submitter_cannot_pass_the_confidentiality_review(client, report, bureau, reviewer) -> None:  # type: ignore[no-untyped-def]
    """RULES §7 保密审查: reviewed by another person than the one who submitted (four eyes)."""
    bureau.groups.add(ensure_reviewer_group())  # bureau staff who is also a 保密审查员
    run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    with pytest.raises(ValidationError, match="提交人以外"):
        run(WORKFLOW, "clear", report, actor=bureau, version=TRUSTED)
    client.force_login(bureau)
    resp = client.post(f"/reports/{report.pk}/do/clear/", {"version": _version(report)})
    assert resp.status_code == 400 and "提交人以外" in resp.content.decode()
    api = APIClient()
    api.force_authenticate(bureau)
    resp = api.post(
        f"/api/v1/reports/{report.pk}/transitions/clear/", {"version": _version(report)}, format="json"
    )
    assert resp.status_code == 400 and "提交人以外" in str(resp.json())
    assert AnnualReport.objects.get(pk=report.pk).status == "review"
    refused = AuditEvent.objects.filter(action="reports.clear_refused", object_id=str(report.pk))
    assert refused.count() == 3 and refused.first().actor_username == bureau.username
    assert not AuditEvent.objects.filter(action="reports.clear").exists()
    api.force_authenticate(reviewer)
    resp = api.post(
        f"/api/v1/reports/{report.pk}/transitions/clear/", {"version": _version(report)}, format="json"
    )
    assert resp.status_code == 200 and resp.json()["status"] == "cleared"
    event = AuditEvent.objects.get(action="reports.clear", object_id=str(report.pk))
    assert event.diff["submitted_by"] == bureau.username and event.diff["reviewed_by"] == reviewer.username


def _version(report: AnnualReport) -> int:
    return AnnualReport.objects.get(pk=report.pk).version


def test_report_api_actions_require_the_version_read(report, bureau) -> None:  # type: ignore[no-untyped-def]
    """Issue 9.3: an action without the version it read is a 400; with a stale one a 409 naming the newer
    change; nothing changes either way."""
    finish_draft(report, bureau)
    api = APIClient()
    api.force_authenticate(bureau)
    url = f"/api/v1/reports/{report.pk}/transitions/submit/"
    resp = api.post(url, {}, format="json")
    assert resp.status_code == 400 and "版本" in str(resp.json())
    stale = _version(report) - 1 or 99
    resp = api.post(url, {"version": stale}, format="json")
    assert resp.status_code == 409 and "两人同时编辑" in str(resp.json())
    assert AnnualReport.objects.get(pk=report.pk).status == "draft"
    resp = api.post(url, {"version": _version(report)}, format="json")
    assert resp.status_code == 200 and resp.json()["status"] == "review"
