"""Imports through the page as background jobs (issue 9.4, 9.7/8.5, 8.8): the upload is staged and
queued on django-q2, the queued task is run by django-q2's own worker code, and the job page shows
progress, then the result or every row error. All or nothing throughout."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django_q.models import OrmQ, Task
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import AuditEvent
from fazhi.core.excel import MAX_ROWS, cleanup_staged
from fazhi.core.imports import BATCH
from fazhi.core.jobs import PHASES
from fazhi.core.models import ImportJob
from fazhi.orgs.models import Role
from fazhi.reconsideration import imports
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.testing.factories import make_user
from fazhi.testing.jobs import run_queued_tasks

from .test_import import HEADERS, _row, _xlsx

# The clock ticks: django-q2's ORM broker hands out a task only once its lock time has passed.
NOW = datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        yield


def _upload(client, data: bytes, name: str = "cases.xlsx"):  # type: ignore[no-untyped-def]
    f = io.BytesIO(data)
    f.name = name
    return client.post(reverse("reconsideration:case_import"), {"file": f})


def _staged_files(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    root = Path(settings.MEDIA_ROOT) / "imports"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _job_page(client, job: ImportJob) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("import_job", args=[job.pk])).content.decode()


def _big_file(n: int) -> bytes:
    """n distinct historical cases, written as a spreadsheet program would (write-only, streamed)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    ws.append(HEADERS)
    for i in range(n):
        ws.append(_row(applicant=f"申请人{i:05d}"))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_20000_rows_import_through_the_page_via_the_job_queue(bureau, police, client, settings) -> None:  # type: ignore[no-untyped-def]
    """A large file (20 000 rows, a fifth of ``MAX_ROWS``) imports through the page: queued, run by
    django-q2's worker, result on the job page. (The largest test of the suite; 100 000 rows are
    measured by bench/imports.py, not here.)"""
    n = 20_000
    assert n < MAX_ROWS
    client.force_login(bureau)
    response = _upload(client, _big_file(n))
    # The request only stages the file: no case is written until the worker runs (asserted below);
    # speed belongs to bench/, not to a timed assertion here.
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("import_job", args=[job.pk])
    html = _job_page(client, job)
    assert "排队" in html and 'hx-trigger="every 1s"' in html  # the page polls while it waits
    assert not ReconsiderationCase.objects.exists() and OrmQ.objects.count() == 1
    assert len(_staged_files(settings)) == 1

    assert run_queued_tasks() == 1

    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors[:5]
    assert job.created == n and job.rows_total == n and job.rows_done == n
    assert ReconsiderationCase.objects.count() == n
    assert Task.objects.get().success  # django-q2's monitor saved the task as done
    html = _job_page(client, job)
    assert "导入完成" in html and f"已导入 {n} 条" in html and "hx-trigger" not in html
    # one audit event per written batch (issue 17; was one for the whole file), each naming its rows
    # and the file hash; together they name every row once
    events = list(AuditEvent.objects.filter(action="reconsideration.import").order_by("id"))
    assert len(events) == -(-n // BATCH) and sum(e.diff["rows"] for e in events) == n
    assert {e.diff["file_sha256"] for e in events} == {job.file_sha256}
    assert [e.diff["first_row"] for e in events] == list(range(2, n + 2, BATCH))
    assert _staged_files(settings) == [] and ImportJob.objects.get().staged_path == ""


def test_progress_is_shown_in_chinese_while_the_job_runs(bureau, police, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    _upload(client, _xlsx([_row()]))
    job = ImportJob.objects.get()
    # the state the worker stores while it checks rows (see core.jobs._Progress)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, rows_done=500, rows_total=2000, message=PHASES["write"]
    )
    partial = client.get(reverse("import_job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert (
        "正在写入：已处理 500 / 2000 行" in partial
        and "25%" in partial
        and 'hx-trigger="every 1s"' in partial
    )
    assert "<html" not in partial  # htmx gets the fragment only


def test_the_same_file_twice_is_refused_with_row_numbers(bureau, police, client, settings) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    data = _xlsx([_row(), _row(applicant="王五")])
    _upload(client, data)
    run_queued_tasks()
    assert ReconsiderationCase.objects.count() == 2
    _upload(client, data)
    run_queued_tasks()
    second = ImportJob.objects.order_by("-id").first()
    assert second.status == ImportJob.Status.FAILED and second.created == 0
    html = _job_page(client, second)
    assert "不能重复导入" in html and "第2行至第3行" in html
    assert ReconsiderationCase.objects.count() == 2  # nothing imported the second time
    assert _staged_files(settings) == []  # deleted after the failure too


def test_the_same_rows_in_another_file_are_refused_by_natural_key(bureau, police, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    _upload(client, _xlsx([_row(number="示政复〔2019〕7号"), _row(applicant="王五")]))
    run_queued_tasks()
    # a different file (one more row, so another hash) holding the two cases again
    _upload(
        client,
        _xlsx(
            [
                _row(applicant="赵六"),
                _row(number="示政复〔2019〕7号", applicant="钱七"),
                _row(applicant="王五"),
            ]
        ),
    )
    run_queued_tasks()
    job = ImportJob.objects.order_by("-id").first()
    errors = " ".join(job.errors)
    assert job.status == ImportJob.Status.FAILED
    assert "第3行「案号」" in errors and "已存在" in errors
    assert "第4行「申请人」" in errors and "重复导入" in errors
    assert ReconsiderationCase.objects.count() == 2


def test_the_template_example_cannot_be_imported(bureau, police, client) -> None:  # type: ignore[no-untyped-def]
    """2019's 146 must not become 147: the example is on its own 示例 sheet, and an example row
    copied into the data sheet is refused with its row number."""
    client.force_login(bureau)
    template = load_workbook(io.BytesIO(client.get(reverse("reconsideration:import_template")).content))
    assert template.sheetnames[:2] == ["数据", "示例"]
    assert all(c.value is None for row in template["数据"].iter_rows(min_row=2) for c in row)
    example = [c.value for c in template["示例"][2]][: len(HEADERS)]
    assert example[imports.COLUMNS.index(next(c for c in imports.COLUMNS if c.key == "applicant"))] == "张三"
    example_row = template["数据"].max_row + 1
    template["数据"].append(example)
    template["数据"].append(_row(applicant="李四"))
    buf = io.BytesIO()
    template.save(buf)
    _upload(client, buf.getvalue())
    run_queued_tasks()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert any(e.startswith(f"第{example_row}行") and "示例行" in e for e in job.errors), job.errors
    assert not ReconsiderationCase.objects.exists()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("20261127", "无法识别"),
        ("11/27/2026", "无法识别"),
        ("2026-2-30", "不存在"),
        ("27.11.2026", "无法识别"),
    ],
)
def test_ambiguous_or_impossible_dates_are_refused_with_row_and_column(
    value, shown, bureau, police, client
) -> None:  # type: ignore[no-untyped-def]
    """Once stored as 2026-12-07 / 2026-01-01 / 2026-03-02; now refused, nothing imported."""
    client.force_login(bureau)
    _upload(client, _xlsx([_row(), _row(applicant="王五", concluded_on=value)]))
    run_queued_tasks()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert any(e.startswith("第3行「审结日期」") and shown in e for e in job.errors), job.errors
    assert not ReconsiderationCase.objects.exists()


def test_unambiguous_date_forms_are_read(bureau, police, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    rows = [
        _row(applicant="甲", concluded_on="2019-5-6"),
        _row(applicant="乙", concluded_on="2019/05/06"),
        _row(applicant="丙", concluded_on="2019年5月6日"),
        _row(applicant="丁", concluded_on=datetime(2019, 5, 6)),
    ]
    _upload(client, _xlsx(rows))
    run_queued_tasks()
    assert ImportJob.objects.get().status == ImportJob.Status.SUCCEEDED
    assert set(ReconsiderationCase.objects.values_list("concluded_on", flat=True)) == {date(2019, 5, 6)}


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, content if item.filename == name else src.read(item.filename))
    return out.getvalue()


def _dtd() -> bytes:
    data = _xlsx([_row()])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    return _with_member(data, "xl/worksheets/sheet1.xml", bomb + body)


def test_dtd_and_oversized_uploads_are_refused_at_once(bureau, police, client, settings) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    response = _upload(client, _dtd())
    assert response.status_code == 200 and "DTD" in response.content.decode()
    settings.FAZHI_IMPORT_MAX_BYTES = 200_000
    big = b"PK\x03\x04" + os.urandom(400_000)
    response = _upload(client, big)  # refused by its Content-Length before the body is read
    assert response.status_code == 413 and "文件过大" in response.content.decode()
    response = _upload(client, b"PK\x03\x04", name="cases.csv")
    assert "只能导入 .xlsx" in response.content.decode()
    assert not ImportJob.objects.exists() and not OrmQ.objects.exists()
    assert _staged_files(settings) == [] and not ReconsiderationCase.objects.exists()


def test_truncated_sheet_xml_fails_the_job_in_chinese(bureau, police, client, settings) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    data = _xlsx([_row(), _row(applicant="王五")])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    _upload(client, _with_member(data, "xl/worksheets/sheet1.xml", sheet[: len(sheet) * 2 // 3]))
    assert run_queued_tasks() == 1
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and any("损坏" in e or "无法解析" in e for e in job.errors)
    assert "未导入" in _job_page(client, job)
    assert not ReconsiderationCase.objects.exists() and _staged_files(settings) == []


def test_abandoned_staged_files_are_swept(settings, db) -> None:  # type: ignore[no-untyped-def]
    """Personal data in uploads that never became a job (or whose job never ran) does not stay."""
    old = Path(settings.MEDIA_ROOT) / "imports" / "litigation" / "old.xlsx"
    fresh = Path(settings.MEDIA_ROOT) / "imports" / "disputes" / "fresh.xlsx"
    for f in (old, fresh):
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"PK\x03\x04")
    hours = settings.FAZHI_IMPORT_STAGING_MAX_AGE_HOURS
    past = time.time() - (hours + 1) * 3600
    os.utime(old, (past, past))
    assert cleanup_staged() == 1
    assert not old.exists() and fresh.exists()


def test_a_job_is_seen_only_by_its_user(bureau, police, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    _upload(client, _xlsx([_row()]))
    job = ImportJob.objects.get()
    other = make_user(Role.BUREAU, bureau.org, username="bureau2")
    client.force_login(other)
    assert client.get(reverse("import_job", args=[job.pk])).status_code == 404
    html = client.get(reverse("reconsideration:case_import")).content.decode()
    assert job.file_name not in html or 'data-testid="import-jobs"' not in html


def test_a_job_runs_once_even_if_delivered_twice(bureau, police, client) -> None:  # type: ignore[no-untyped-def]
    from fazhi.core.jobs import run_import

    client.force_login(bureau)
    _upload(client, _xlsx([_row()]))
    run_queued_tasks()
    job = ImportJob.objects.get()
    assert run_import(job.pk) == ImportJob.Status.SUCCEEDED
    assert ReconsiderationCase.objects.count() == 1


def test_upload_page_lists_recent_imports(bureau, police, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    _upload(client, _xlsx([_row()]), name="历史案件.xlsx")
    run_queued_tasks()
    html = client.get(reverse("reconsideration:case_import")).content.decode()
    assert 'data-testid="import-jobs"' in html and "历史案件.xlsx" in html and "已导入 1 条" in html
    assert re.search(r"单次最多 100 000 行", html)
