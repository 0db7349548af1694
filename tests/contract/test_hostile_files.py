"""Platform contract, imports (issue 8.8, 10.8): for every registered tabular kind, a hostile or wrong
file — a zip bomb, a workbook with a macro, a file that is no xlsx, one over the size limit, a sheet
with a DOCTYPE — is refused in Chinese by the CLI importer and the web upload, and nothing is written:
no record, no import job, no staged file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from fazhi.core.excel import staging_dir
from fazhi.core.models import ImportJob
from fazhi.testing import contract
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

from .conftest import World, business_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

LIMIT = 256 * 1024  # the test's FAZHI_IMPORT_MAX_BYTES: "huge" stays cheap


def _workbook() -> bytes:
    wb = Workbook()
    wb.active.append(["名称", "日期"])
    wb.active.append(["甲", "2019-01-01"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite(extra: dict[str, bytes], edit: Callable[[str, bytes], bytes] = lambda n, b: b) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_workbook())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            dst.writestr(item.filename, edit(item.filename, src.read(item.filename)))
        for name, data in extra.items():
            dst.writestr(name, data)
    return out.getvalue()


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * 40_000_000)
    return buf.getvalue()


def _doctype(name: str, data: bytes) -> bytes:
    if name != "xl/worksheets/sheet1.xml":
        return data
    head, rest = data.split(b"?>", 1) if data.startswith(b"<?xml") else (b"", data)
    dtd = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    return (head + b"?>" if head else b"") + dtd + rest


HOSTILE: dict[str, tuple[Callable[[], bytes], str, str]] = {
    # name: (content, file name, words the refusal contains)
    "zip_bomb": (_zip_bomb, "bomb.xlsx", "压缩"),
    "macro": (lambda: _rewrite({"xl/vbaProject.bin": b"\x00" * 100}), "macro.xlsx", "宏"),
    "macro_xlsm": (lambda: _rewrite({"xl/vbaProject.bin": b"\x00" * 100}), "macro.xlsm", ".xlsx"),
    "not_xlsx": (lambda: "名称,日期\n甲,2019-01-01\n".encode(), "data.xlsx", "不是"),
    "huge": (lambda: b"PK\x03\x04" + b"\x00" * (LIMIT + 1024), "huge.xlsx", "过大"),
    "doctype": (lambda: _rewrite({}, _doctype), "dtd.xlsx", "DTD"),
}
KINDS = contract.tabular_kinds()


def test_every_tabular_kind_has_a_web_upload() -> None:
    assert KINDS and all(contract.import_page(kind) for kind in KINDS), KINDS


def _nothing_written(before: dict[str, Any], kind: str, jobs: int) -> None:
    assert business_state() == before
    assert ImportJob.objects.count() == jobs
    assert not [p for p in staging_dir(kind).rglob("*") if p.is_file()]


@pytest.mark.parametrize("hostile", sorted(HOSTILE))
@pytest.mark.parametrize("kind", KINDS)
def test_cli_importer_refuses_and_writes_nothing(
    world: World, settings: Any, tmp_path: Path, kind: str, hostile: str
) -> None:
    settings.FAZHI_IMPORT_MAX_BYTES = LIMIT
    make, name, words = HOSTILE[hostile]
    path = tmp_path / name
    path.write_bytes(make())
    before = business_state()
    with pytest.raises(CommandError) as refused:
        call_command("import_xlsx", kind, str(path), "--user", world.bureau.username)
    assert "未导入" in str(refused.value) or words in str(refused.value)
    assert business_state() == before


@pytest.mark.parametrize("hostile", sorted(HOSTILE))
@pytest.mark.parametrize("kind", KINDS)
def test_web_upload_refuses_and_writes_nothing(world: World, settings: Any, kind: str, hostile: str) -> None:
    settings.FAZHI_IMPORT_MAX_BYTES = LIMIT
    make, name, words = HOSTILE[hostile]
    upload = io.BytesIO(make())
    upload.name = name
    before, jobs = business_state(), ImportJob.objects.count()
    r = page(world.bureau).post(contract.import_page(kind), {"file": upload})
    html = r.content.decode()
    assert r.status_code in (200, 413) and words in html, (r.status_code, html[:500])
    _nothing_written(before, kind, jobs)
