"""``fazhi report annual`` in every format, and the workbench items of the report workflow."""

from __future__ import annotations

import io
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from fazhi.core.actions import TRUSTED, run
from fazhi.reports import services, workbench
from fazhi.reports.actions import EDITS, WORKFLOW
from fazhi.reports.figures import FigureQuery, collect
from fazhi.testing.county import finish_draft

pytestmark = pytest.mark.django_db


def test_cli_docx_html_pdf_without_and_with_a_saved_report(tmp_path, cases, gov, bureau) -> None:  # type: ignore[no-untyped-def]
    concluded = collect(FigureQuery.for_year(2019, gov))["litigation.concluded"].value
    html = tmp_path / "r.html"
    call_command("report", "annual", "--year", "2019", "--format", "html", "-o", str(html), stderr=StringIO())
    assert "审结行政诉讼案件<a href=" in html.read_text() and f">{concluded}</a>件" in html.read_text()
    docx = tmp_path / "r.docx"
    call_command("report", "annual", "--year", "2019", "--format", "docx", "-o", str(docx), stderr=StringIO())
    assert "2019年度" in Document(io.BytesIO(docx.read_bytes())).paragraphs[0].text
    report = services.create_report(actor=bureau, org=gov, year=2019)
    run(
        EDITS,
        "update",
        report,
        actor=bureau,
        data={
            "title": "关于示例市2019年度法治政府建设情况的报告（修改稿）",
            "issuer": report.issuer,
            "planned_publication_on": date(2020, 3, 23),
            "signed_on": None,
        },
        version=TRUSTED,
    )
    call_command("report", "annual", "--year", "2019", "--format", "docx", "-o", str(docx), stderr=StringIO())
    assert Document(io.BytesIO(docx.read_bytes())).paragraphs[0].text.endswith("（修改稿）")
    pdf = tmp_path / "r.pdf"
    call_command("report", "annual", "--year", "2019", "--format", "pdf", "-o", str(pdf), stderr=StringIO())
    assert pdf.read_bytes()[:4] == b"%PDF"


def test_cli_docx_default_file_name(tmp_path, monkeypatch, gov) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    call_command("report", "annual", "--year", "2019", "--format", "docx", stderr=StringIO())
    assert (tmp_path / f"{gov.name}2019年度法治政府建设工作情况报告.docx").read_bytes()[:2] == b"PK"


def test_cli_errors_are_chinese(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="找不到单位"):
        call_command("report", "annual", "--year", "2019", "--org", "nowhere")


def test_workbench_shows_each_role_its_step(cases, gov, bureau, reviewer, leader) -> None:  # type: ignore[no-untyped-def]
    report = finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)
    run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    assert [i.kind for i in workbench.items(reviewer, date(2019, 12, 1))] == ["todo"]
    assert [i for i in workbench.items(leader, date(2019, 12, 1)) if i.kind == "todo"] == []
    run(WORKFLOW, "clear", report, actor=reviewer, version=TRUSTED)
    assert [i.kind for i in workbench.items(leader, date(2019, 12, 1))] == ["todo"]
    due = [i for i in workbench.items(bureau, date(2020, 4, 2)) if i.kind == "deadline"]
    assert due and due[0].status == "overdue" and due[0].due == date(2020, 3, 31)
