"""Public portal: a published annual report at /portal/reports/ without login, as HTML, DOCX and PDF —
from the frozen snapshot, and with no personal data anywhere (RULES §9; 督察工作规定 Art 24)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from fazhi.core.actions import TRUSTED, run
from fazhi.reports import services
from fazhi.reports.actions import WORKFLOW
from fazhi.reports.models import AnnualReport
from fazhi.testing.county import finish_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cases, gov, bureau, reviewer, leader) -> AnnualReport:  # type: ignore[no-untyped-def]
    report = finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)
    run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    run(WORKFLOW, "clear", report, actor=reviewer, version=TRUSTED)
    run(WORKFLOW, "approve", report, actor=leader, version=TRUSTED)
    return run(WORKFLOW, "publish", report, actor=bureau, version=TRUSTED)


def personal_data(cases) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for m in cases.made:
        for p in m["case"].plaintiffs.all():
            out += [p.name, p.phone, p.id_number]
    return [x for x in out if x]


def test_published_report_is_public(client, published, cases) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/portal/reports/")
    assert resp.status_code == 200
    assert published.title in resp.content.decode()
    page = client.get(f"/portal/reports/{published.pk}/").content.decode()
    concluded = published.snapshot["figures"]["litigation.concluded"]["value"]
    assert (
        f'审结行政诉讼案件<span class="fz-figure" data-key="litigation.concluded">{concluded}</span>件'
        in page
    )
    assert "/litigation/" not in page  # no drill-down into internal pages
    assert 'href="/reports/' not in page
    for value in personal_data(cases):
        assert value not in page
    docx = client.get(f"/portal/reports/{published.pk}/report.docx")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert published.title in text.replace("\n", "")  # the title may break (GB/T 9704 §7.2)
    for value in personal_data(cases):
        assert value not in text
    # the PDF is made by the job queued on publication (test_public_pdf.py): until it ran, a message
    pdf = client.get(f"/portal/reports/{published.pk}/report.pdf")
    assert pdf.status_code == 503 and "PDF 版本正在生成" in pdf.content.decode()


def test_unpublished_reports_are_not_public(client, cases, gov, bureau, reviewer, leader) -> None:  # type: ignore[no-untyped-def]
    report = finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)
    assert report.title not in client.get("/portal/reports/").content.decode()
    assert client.get(f"/portal/reports/{report.pk}/").status_code == 404
    run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    run(WORKFLOW, "clear", report, actor=reviewer, version=TRUSTED)
    run(WORKFLOW, "approve", report, actor=leader, version=TRUSTED)  # approved is not yet published
    assert client.get(f"/portal/reports/{report.pk}/").status_code == 404
    assert client.get(f"/portal/reports/{report.pk}/report.docx").status_code == 404


def test_public_report_never_changes_with_later_data(client, published, cases) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    def article() -> str:
        page = client.get(f"/portal/reports/{published.pk}/").content.decode()
        return page[page.index("<article") : page.index("</article>")]

    before = article()
    cases.add("d02", date(2019, 6, 1), judged=date(2019, 10, 8), outcome="revoked")
    assert article() == before


def test_portal_index_lists_the_latest(client, published) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/portal/")
    assert resp.status_code == 200 and published.title in resp.content.decode()
