"""Templates an administrator replaces per government (docxtpl), versioned: the newest version of the
kind's template wins, else the government's general one, else the shipped GB/T 9704 default."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from fazhi.casefiles import services
from fazhi.casefiles.models import CaseDocument, DocumentTemplate
from fazhi.reconsideration.casefiles import CASEFILES
from fazhi.testing.clients import api

from .helpers import docx_text, download


def _template(*lines: str) -> SimpleUploadedFile:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return SimpleUploadedFile("模板.docx", out.getvalue())


def test_replaced_template_versions(receive, bureau, gov):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    kind = "reconsideration.acceptance_notice"
    from fazhi.core.actions import TRUSTED, run
    from fazhi.reconsideration.actions import WORKFLOW

    run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 3, 4)}, version=TRUSTED)
    services.upload_template(government=gov, kind="", upload=_template("通用 {{ title }}"), actor=bureau)
    v1 = services.upload_template(
        government=gov, kind=kind, upload=_template("V1 {{ number }}"), actor=bureau
    )
    v2 = services.upload_template(
        government=gov, kind=kind, upload=_template("V2 {{ number }} {{ recipient }}"), actor=bureau
    )
    assert (v1.version, v2.version) == (1, 2)
    doc = services.generate(
        CASEFILES, case, "acceptance_notice", actor=bureau, data={"issued_on": date(2024, 3, 4)}
    )
    assert doc.template == v2
    text = docx_text(
        download(api(bureau), f"/api/v1/reconsideration/cases/{case.pk}/documents/{doc.pk}/download/")
    )
    assert text == [f"V2 {doc.number} 张三"]
    # A kind with no template of its own uses the government's general one.
    other = services.generate(
        CASEFILES, case, "answer_notice", actor=bureau, data={"issued_on": date(2024, 3, 5)}
    )
    with other.file.open("rb") as f:
        assert docx_text(f.read()) == ["通用 提出答复通知书"]


def test_broken_template_refused(bureau, gov, clerk):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="文书模板有误"):
        services.upload_template(government=gov, kind="", upload=_template("{{ title "), actor=bureau)
    with pytest.raises(ValidationError):
        services.upload_template(
            government=gov, kind="", upload=SimpleUploadedFile("x.docx", b"not a zip"), actor=bureau
        )
    with pytest.raises(PermissionDenied):
        services.upload_template(government=gov, kind="", upload=_template("{{ title }}"), actor=clerk)
    assert not DocumentTemplate.objects.exists() and not CaseDocument.objects.exists()


def test_template_page(bureau, clerk):  # type: ignore[no-untyped-def]
    from fazhi.testing.clients import page

    client = page(bureau)
    assert "默认模板" in client.get("/casefiles/templates/").content.decode()
    response = client.post("/casefiles/templates/", {"kind": "", "file": _template("{{ title }}")})
    assert response.status_code == 302 and DocumentTemplate.objects.get().version == 1
    bad = client.post("/casefiles/templates/", {"kind": "", "file": _template("{% if %}")})
    assert "文书模板有误" in bad.content.decode() and DocumentTemplate.objects.count() == 1
    assert page(clerk).get("/casefiles/templates/").status_code == 403
