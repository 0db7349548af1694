"""Excel import of historical cases: template, preview with every bad cell, all-or-nothing, hostile files."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import AuditEvent
from fazhi.core.models import ImportJob
from fazhi.reconsideration import imports
from fazhi.reconsideration.models import Outcome, ReconsiderationCase, Status

HEADERS = [c.header for c in imports.COLUMNS]


def _row(**kw):  # type: ignore[no-untyped-def]
    values = {**imports.EXAMPLE, "respondent": "d05", **kw}
    out = []
    for col in imports.COLUMNS:
        v = values.get(col.key)
        if col.kind == "choice" and v is not None:
            v = dict(col.choices).get(v, v)
        out.append(v)
    return out


def _xlsx(rows, headers=HEADERS) -> bytes:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_template_has_dropdowns_and_help_sheet(db):  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(imports.template_bytes()))
    assert wb.sheetnames == ["数据", "示例", "代码", "说明"]
    data = wb["数据"]
    assert [c.value.rstrip("*") for c in data[1]] == HEADERS
    assert len(data.data_validations.dataValidation) >= 5
    help_text = " ".join(str(c.value) for row in wb["说明"].iter_rows() for c in row if c.value)
    assert "全部不导入" in help_text and "收到申请日期" in help_text


def test_good_file_imports_every_row(bureau, police, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "ok.xlsx"
    rows = [_row(applicant="李四", number="示政复〔2019〕88号", outcome="revoked"), _row()]
    path.write_bytes(_xlsx(rows))
    result = imports.import_file(path, bureau)
    assert result.ok and result.created == len(rows)
    case = ReconsiderationCase.objects.get(number="示政复〔2019〕88号")
    assert case.status == Status.CONCLUDED and case.outcome == Outcome.REVOKED and case.org == police
    assert case.parties.get().id_number == imports.EXAMPLE["id_number"]
    auto = ReconsiderationCase.objects.exclude(pk=case.pk).get()
    assert auto.number == "示政复〔2019〕89号"  # the sequence continues after the imported number
    # one audit event for the batch, with its row count (not one chain append per row)
    event = AuditEvent.objects.get(action="reconsideration.import")
    assert event.diff["rows"] == len(rows)


def test_bad_cells_are_all_listed_and_nothing_imported(bureau, police, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.xlsx"
    rows = [
        _row(),
        _row(id_number="330381198005171230"),
        _row(respondent="不存在的局", outcome="没有这个结果"),
        _row(received_on=date(2019, 5, 1), accepted_on=date(2019, 4, 1)),
        _row(received_on="2019-13-45"),
    ]
    path.write_bytes(_xlsx(rows))
    result = imports.import_file(path, bureau)
    messages = [str(e) for e in result.errors]
    assert not result.ok and result.created == 0
    assert any(m.startswith("第3行「证件号码」") and "校验位" in m for m in messages)
    assert any(m.startswith("第4行「被申请人」") for m in messages)
    assert any(m.startswith("第4行「审结结果」") for m in messages)
    assert any(m.startswith("第5行「受理日期」") and "不能早于" in m for m in messages)
    assert any(m.startswith("第6行「收到申请日期」") for m in messages)
    assert not ReconsiderationCase.objects.exists()


def test_formula_cells_are_refused(bureau, police, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "formula.xlsx"
    path.write_bytes(_xlsx([_row(applicant='=HYPERLINK("http://evil","x")')]))
    result = imports.import_file(path, bureau, dry_run=True)
    assert any("公式" in str(e) for e in result.errors)


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * 40_000_000)
    return buf.getvalue()


def _macro() -> bytes:
    data = io.BytesIO(_xlsx([_row()]))
    out = io.BytesIO()
    with zipfile.ZipFile(data) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\x00" * 100)
    return out.getvalue()


HOSTILE = {
    "not_xlsx": (lambda: "收到日期,申请人\n2019-01-01,张三\n".encode(), "不是 Excel"),
    "zip_bomb": (_zip_bomb, "压缩"),
    "junk_over_limit": (
        lambda: b"PK\x03\x04" + os.urandom(django_settings.FAZHI_IMPORT_MAX_BYTES + 1024),
        "过大",
    ),
    "macro": (_macro, "宏"),
    "broken_zip": (lambda: b"PK\x03\x04" + b"\x00" * 1000, "损坏"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_get_a_clear_error_and_change_nothing(name, bureau, police, client):  # type: ignore[no-untyped-def]
    make, message = HOSTILE[name]
    client.force_login(bureau)
    upload = io.BytesIO(make())
    upload.name = f"{name}.xlsx"
    response = client.post(reverse("reconsideration:case_import"), {"file": upload})
    html = response.content.decode()
    # refused on the upload itself (413 when the Content-Length is already too large), never queued
    assert response.status_code in (200, 413) and message in html
    assert 'data-testid="file-error"' in html or 'data-testid="import-refused"' in html
    assert not ReconsiderationCase.objects.exists() and not ImportJob.objects.exists()


def test_clerk_cannot_import(clerk, client):  # type: ignore[no-untyped-def]
    client.force_login(clerk)
    assert client.get(reverse("reconsideration:case_import")).status_code == 403


def test_cli_import_and_export(bureau, police, tmp_path):  # type: ignore[no-untyped-def]
    """``fazhi import reconsideration FILE.xlsx`` (TabularKind) and ``fazhi export``."""
    good = tmp_path / "good.xlsx"
    good.write_bytes(_xlsx([_row()]))
    call_command("import_xlsx", "reconsideration", str(good), "--user", "bureau")
    assert ReconsiderationCase.objects.count() == 1
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_xlsx([_row(id_number="1")]))
    with pytest.raises(CommandError, match="未导入"):
        call_command("import_xlsx", "reconsideration", str(bad))
    out = tmp_path / "out.xlsx"
    call_command("export_xlsx", "reconsideration", str(out), "--user", "bureau")
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0] == "案号" and imports.EXAMPLE["id_number"] in rows[1]
