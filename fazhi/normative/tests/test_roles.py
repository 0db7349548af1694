"""Who may run each step (三统一, 国办发〔2018〕37号; RULES §5): the drafting unit's clerk drafts its own
documents; 统一登记/统一编号, 统一发布, 报送备案, 修改, 废止, 期满失效 and 清理 are the Justice Bureau's. A clerk's
attempt is 403 with a Chinese message on the page and the API, and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.core.actions import TRUSTED, available_actions, refusal
from fazhi.normative.actions import WORKFLOW
from fazhi.normative.models import CleanupCampaign, NormativeDocument, Status
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)

from .helpers import draft, published, review, step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
API = "/api/v1/normative/documents/"
REFUSED = "由司法局统一办理"
BUREAU_STEPS = ("register", "publish", "file_for_record", "amend", "repeal", "lapse")


def _state(doc: NormativeDocument) -> tuple:  # type: ignore[type-arg]
    fresh = NormativeDocument.objects.get(pk=doc.pk)
    return fresh.status, fresh.version, fresh.registration_number, fresh.published_on, fresh.filed_on


def test_bureau_only_steps_are_refused_to_the_drafting_clerk(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    """The table itself: every bureau step names the rule for a clerk, none for the bureau."""
    doc = published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕3号")
    for name in ("file_for_record", "amend", "repeal", "lapse"):  # the steps open to a published document
        assert REFUSED in refusal(WORKFLOW, WORKFLOW.get(name), doc, clerk1), name
    assert refusal(WORKFLOW, WORKFLOW.get("repeal"), doc, bureau) == ""
    names = {t.name for t in available_actions(WORKFLOW, doc, clerk1)}
    assert names.isdisjoint(BUREAU_STEPS)


def test_clerk_cannot_register_through_the_page_or_the_api(clerk1, units) -> None:  # type: ignore[no-untyped-def]
    """统一登记 by the drafting unit: 403 in Chinese, no number taken, nothing changed."""
    doc = draft(clerk1, units["d01"])
    before = _state(doc)
    r = page(clerk1).post(
        reverse("normative:document_action", args=[doc.pk, "register"]),
        {"date": "2019-03-01", "version": doc.version},
    )
    assert r.status_code == 403 and REFUSED in r.content.decode()
    r = api(clerk1).post(
        f"{API}{doc.pk}/register/", {"date": "2019-03-01", "version": doc.version}, format="json"
    )
    assert r.status_code == 403 and REFUSED in r.json()["detail"]
    assert _state(doc) == before
    detail = page(clerk1).get(reverse("normative:document_detail", args=[doc.pk])).content.decode()
    assert 'data-testid="form-register"' not in detail


def test_clerk_cannot_publish_file_or_repeal(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    """统一发布, 报送备案 and 废止 by the clerk: 403, nothing changed; the bureau then does each."""
    doc = draft(clerk1, units["d01"])
    review(bureau, doc, date(2019, 3, 10))
    doc = step(clerk1, doc, "decide", date=date(2019, 3, 20))  # the drafting unit records the deliberation
    doc = step(bureau, doc, "register", date=date(2019, 3, 21))
    c = api(clerk1)
    for name, body in (
        ("publish", {"date": "2019-04-01", "valid_years": 5}),
        ("file-for-record", {"date": "2019-04-10"}),
        ("repeal", {"date": "2019-09-01"}),
    ):
        if name == "file-for-record":
            doc = step(bureau, doc, "publish", date=date(2019, 4, 1), valid_years=5)
        before = _state(doc)
        r = c.post(f"{API}{doc.pk}/{name}/", {**body, "version": doc.version}, format="json")
        assert r.status_code == 403 and REFUSED in r.json()["detail"], (name, r.content)
        assert _state(doc) == before
    r = api(bureau).post(
        f"{API}{doc.pk}/file-for-record/", {"date": "2019-04-10", "version": doc.version}, format="json"
    )
    assert r.status_code == 200 and r.json()["filed_on_time"] is True
    doc.refresh_from_db()
    r = api(bureau).post(
        f"{API}{doc.pk}/repeal/", {"date": "2019-09-01", "version": doc.version}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == Status.REPEALED


def test_cleanup_is_the_bureaus(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    """清理: the page and the API refuse the clerk (403, no campaign); the bureau applies it."""
    doc = published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕3号")
    assert page(clerk1).get(reverse("normative:cleanup")).status_code == 403
    assert page(clerk1).post(reverse("normative:cleanup"), {f"d{doc.pk}": "repeal"}).status_code == 403
    body = {"year": 2019, "date": "2019-11-01", "decisions": [{"document": doc.pk, "decision": "repeal"}]}
    r = api(clerk1).post("/api/v1/normative/cleanups/", body, format="json")
    assert r.status_code == 403 and REFUSED in r.json()["detail"]
    assert not CleanupCampaign.objects.exists() and _state(doc)[0] == Status.PUBLISHED
    assert (
        "normative:cleanup"
        and reverse("normative:cleanup")
        not in page(clerk1).get(reverse("normative:document_list")).content.decode()
    )
    r = api(bureau).post("/api/v1/normative/cleanups/", body, format="json")
    assert r.status_code == 201, r.content
    assert NormativeDocument.objects.get(pk=doc.pk).status == Status.REPEALED


def test_lapse_runs_as_the_system_not_as_a_clerk(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    """期满失效 (RULES §5) is the daily job's (actor None); a clerk cannot run it."""
    from django.core.exceptions import PermissionDenied

    from fazhi.core.actions import run

    doc = published(bureau, units["d01"], date(2015, 3, 2), "示政发〔2015〕1号")
    with pytest.raises(PermissionDenied, match=REFUSED):
        run(WORKFLOW, "lapse", doc, actor=clerk1, data={"date": date(2020, 3, 3)}, version=TRUSTED)
    doc = run(WORKFLOW, "lapse", doc, actor=None, data={"date": date(2020, 3, 3)}, version=TRUSTED)
    assert doc.status == Status.LAPSED


def test_clerk_cannot_import_published_documents(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    """The Excel path keeps the rule: a published row (统一编号, 公布日期) by the clerk is a row error in
    Chinese and nothing is written (all or nothing); the bureau imports the same row."""
    import io

    from fazhi.core.imports import run as run_import
    from fazhi.normative import imports

    from .test_import import row, workbook

    rows = [row(units, issuer=units["d01"].name, doc_number="示公发〔2019〕4号")]
    result = run_import(imports.SPEC, io.BytesIO(workbook(clerk1, rows)), clerk1)
    text = " ".join(str(e) for e in result.errors)
    assert not result.ok and "第2行" in text and "由司法局办理" in text, text
    assert not NormativeDocument.objects.exists()
    result = run_import(imports.SPEC, io.BytesIO(workbook(bureau, rows)), bureau)
    assert result.ok, result.errors
    assert list(NormativeDocument.objects.values_list("status", flat=True)) == [Status.PUBLISHED]
