"""行政协议's Excel (issue 12 item 6): the template import all or nothing (numbered, history, one audit event
per batch) with Chinese row errors, the unit's scope, and the export of the filtered list with the
counterparty's ID and phone masked by the one rule (RULES §9)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from fazhi.audit.models import AuditEvent
from fazhi.core.imports import run
from fazhi.core.jobs import run_import
from fazhi.core.models import ImportJob
from fazhi.core.pii import make_id_card
from fazhi.decisions import contract_imports
from fazhi.decisions.contracts import AdministrativeContract, ContractStatusChange
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

from . import helpers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
SPEC = contract_imports.SPEC
PERSON_ID = make_id_card("330381", date(1975, 3, 14), 21)
PERSON_PHONE = "13912345678"


def workbook(actor, rows):  # type: ignore[no-untyped-def]
    return helpers.workbook(SPEC.columns(actor), rows)


def row(units, unit="d01", **kw):  # type: ignore[no-untyped-def]
    return {
        "org": units[unit].name,
        "title": "房屋征收补偿协议",
        "subject": "房屋征收补偿",
        "party_name": "赵六",
        "party_kind": "自然人",
        "party_id": PERSON_ID,
        "party_phone": PERSON_PHONE,
        "amount": "560,000",
        "registered_on": "2019-07-01",
        "term_start": "2019-07-15",
        "term_end": "2019-12-31",
        "signed_on": "2019-07-10",
        **kw,
    }


def test_template_import_and_round_trip_through_the_masked_export(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    c = page(bureau)
    template = load_workbook(io.BytesIO(c.get("/decisions/contracts/import/template/").content))
    assert "说明" in template.sheetnames
    assert "/decisions/contracts/import/template/" in c.get("/decisions/contracts/import/").content.decode()
    rows = [row(units), row(units, title="燃气特许经营协议", signed_on=None, amount=None)]
    result = run(SPEC, workbook(bureau, rows), bureau)
    assert result.ok and result.created == 2, [str(e) for e in result.errors]
    signed = AdministrativeContract.objects.get(title="房屋征收补偿协议")
    assert signed.number.endswith("协〔2019〕1号") and signed.status == "signed"
    assert signed.amount == Decimal("560000.00") and signed.created_by == bureau
    assert signed.parties.get().id_number == PERSON_ID
    assert list(ContractStatusChange.objects.filter(contract=signed).values_list("action", flat=True)) == [
        "create",
        "sign",
    ]
    assert AdministrativeContract.objects.get(title="燃气特许经营协议").status == "draft"
    assert AuditEvent.objects.filter(action="contracts.import").count() == 1
    sheets = {}
    for user in (bureau, clerk1):
        content = page(user).get("/decisions/contracts/export/").content
        sheets[user] = {
            r[1]: r for r in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True)
        }
    whole = sheets[bureau]["房屋征收补偿协议"]
    assert whole[:6] == (
        signed.number,
        "房屋征收补偿协议",
        units["d01"].name,
        "赵六",
        PERSON_ID,
        PERSON_PHONE,
    )
    assert whole[12] == "2019年7月10日"
    # RULES §9: a department clerk's export shows the person's ID and phone masked
    masked = sheets[clerk1]["房屋征收补偿协议"]
    assert masked[4].startswith("3303") and PERSON_ID not in masked and PERSON_PHONE not in masked
    assert AuditEvent.objects.filter(action="contracts.export", actor_username=clerk1.username).exists()


def test_a_bad_row_imports_nothing_and_every_error_is_named_in_chinese(bureau, units) -> None:  # type: ignore[no-untyped-def]
    rows = [
        row(units),
        row(units, title="甲", amount="五十万", party_name=None),
        row(units, title="乙", term_end="2019-07-01"),  # the term ends before it starts
        row(units, title="丙", party_id="123"),  # not an ID number
        row(units),  # the same contract twice in the file
    ]
    result = run(SPEC, workbook(bureau, rows), bureau)
    text = [str(e) for e in result.errors]
    assert result.created == 0 and not AdministrativeContract.objects.exists()
    assert any(t.startswith("第3行「协议金额（元）」") and "不是金额" in t for t in text)
    assert any(t.startswith("第3行「相对人名称」") for t in text)
    assert any(t.startswith("第4行") and "履行期限止不能早于履行期限起" in t for t in text)
    assert any(t.startswith("第5行「相对人证件号码」") for t in text)
    assert any(t.startswith("第6行") and "与第2行是同一份协议" in t for t in text)
    assert not AuditEvent.objects.filter(action="contracts.import").exists()


def test_a_repeat_of_a_stored_contract_is_refused(bureau, units) -> None:  # type: ignore[no-untyped-def]
    run(SPEC, workbook(bureau, [row(units)]), bureau)
    again = run(SPEC, workbook(bureau, [row(units)]), bureau)
    assert again.created == 0 and "疑似重复导入" in str(again.errors[0])
    assert AdministrativeContract.objects.count() == 1


def test_a_department_imports_only_for_its_own_unit(
    clerk1, clerk2, units, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    """Scope (RULES §4): a department registers its own contracts and exports only them."""
    other = run(SPEC, workbook(clerk1, [row(units), row(units, "d02", title="乙")]), clerk1)
    assert other.created == 0 and any(e.row == 3 for e in other.errors)
    assert not AdministrativeContract.objects.exists()
    assert run(SPEC, workbook(clerk1, [row(units)]), clerk1).created == 1
    assert run(SPEC, workbook(clerk2, [row(units, "d02", title="乙")]), clerk2).created == 1
    run(SPEC, workbook(clerk1, [row(units, title=f"协议{i}") for i in range(5)]), clerk1)
    c = page(clerk1)
    with django_assert_max_num_queries(12):  # the counterparties prefetched: no query per contract
        content = c.get("/decisions/contracts/export/").content
    titles = [r[1] for r in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(["房屋征收补偿协议", *(f"协议{i}" for i in range(5))])


def test_the_contract_list_page_uploads_through_the_import_job(clerk1, units, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The page path (upload → ImportJob of kind ``contracts`` → worker) writes the same rows."""
    settings.MEDIA_ROOT = tmp_path
    c = page(clerk1)
    assert "/decisions/contracts/import/" in c.get("/decisions/contracts/").content.decode()
    upload = workbook(clerk1, [row(units)])
    upload.name = "协议.xlsx"
    resp = c.post("/decisions/contracts/import/", {"file": upload})
    assert resp.status_code == 302
    job = ImportJob.objects.get()
    assert job.kind == "contracts" and not AdministrativeContract.objects.exists()
    assert run_import(job.pk) == ImportJob.Status.SUCCEEDED
    assert AdministrativeContract.objects.get().org == units["d01"]
