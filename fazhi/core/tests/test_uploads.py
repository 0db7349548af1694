"""One upload check (core.uploads.check_file) behind attachments, judgment documents and Excel imports."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.excel import ExcelError, check_upload
from fazhi.core.uploads import DOCUMENT_TYPES, XLSX_TYPES, check_file
from fazhi.litigation.services import check_document
from fazhi.reconsideration.services import validate_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_type_is_read_from_the_magic_bytes_not_the_name() -> None:
    assert check_file("a.PNG", len(PNG), PNG, types=DOCUMENT_TYPES, max_bytes=1024) == ".png"
    with pytest.raises(ValidationError, match="内容与文件类型不符"):
        check_file("a.png", 40, b"\x89PNG" + b"\x00" * 36, types=DOCUMENT_TYPES, max_bytes=1024)
    with pytest.raises(ValidationError, match="类型不允许"):
        check_file("a.exe", len(PNG), PNG, types=DOCUMENT_TYPES, max_bytes=1024)
    with pytest.raises(ValidationError, match="过大"):
        check_file("a.png", 2048, PNG, types=DOCUMENT_TYPES, max_bytes=1024)
    with pytest.raises(ValidationError, match="空文件"):
        check_file("a.png", 0, b"", types=DOCUMENT_TYPES, max_bytes=1024)
    # a staged file has no name: its single allowed type is assumed and its content still checked
    assert check_file("", 10, b"PK\x03\x04rest", types=XLSX_TYPES, max_bytes=1024) == ".xlsx"


@pytest.mark.parametrize("check", [validate_upload, check_document], ids=["attachment", "judgment_document"])
def test_every_document_path_refuses_a_png_with_a_forged_signature(check) -> None:  # type: ignore[no-untyped-def]
    """Both modules used to compare different lengths of the PNG signature (8 and 4 bytes)."""
    check(SimpleUploadedFile("ok.png", PNG))
    with pytest.raises(ValidationError):
        check(SimpleUploadedFile("forged.png", b"\x89PNG" + b"\x00" * 36))


def test_excel_path_uses_the_same_check() -> None:
    with pytest.raises(ExcelError, match="只能导入 .xlsx"):
        check_upload("a.xls", 10, b"PK\x03\x04", max_bytes=1024)
    with pytest.raises(ExcelError, match="不是 Excel 2007"):
        check_upload("a.xlsx", 10, b"%PDF-1.7", max_bytes=1024)
