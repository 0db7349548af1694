"""The one upload check (issue 10 item 4): name, size and type by magic bytes, for every upload path —
case attachments, judgment documents and Excel imports (``core.excel.check_upload``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError

#: How many leading bytes every caller reads for the check (the longest signature below is 8).
HEAD_BYTES = 16


@dataclass(frozen=True)
class FileType:
    label: str
    magic: tuple[bytes, ...]  # a real file of the type starts with one of these
    content_type: str


_ZIP = b"PK\x03\x04"
DOCUMENT_TYPES: dict[str, FileType] = {
    ".pdf": FileType("PDF", (b"%PDF",), "application/pdf"),
    ".jpg": FileType("JPG", (b"\xff\xd8\xff",), "image/jpeg"),
    ".jpeg": FileType("JPG", (b"\xff\xd8\xff",), "image/jpeg"),
    ".png": FileType("PNG", (b"\x89PNG\r\n\x1a\n",), "image/png"),
    ".doc": FileType("DOC", (b"\xd0\xcf\x11\xe0",), "application/msword"),
    ".docx": FileType(
        "DOCX", (_ZIP,), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    ".ofd": FileType("OFD", (_ZIP,), "application/ofd"),
}
XLSX_TYPES: dict[str, FileType] = {
    ".xlsx": FileType("XLSX", (_ZIP,), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def content_type(name: str) -> str:
    t = {**DOCUMENT_TYPES, **XLSX_TYPES}.get(PurePath(name).suffix.lower())
    return t.content_type if t else "application/octet-stream"


def check_file(
    name: str,
    size: int,
    head: bytes,
    *,
    types: dict[str, FileType],
    max_bytes: int,
    what: str = "文件",
    wrong_type: str = "",
    wrong_content: str = "",
) -> str:
    """Refuse a file of another type (by its name and by its first bytes), an empty one or one over
    ``max_bytes``; returns the lower-case extension. ``name`` may be empty when only the content is known
    (a staged file): then a single allowed type is assumed. Messages in Chinese, naming ``what``."""
    ext = PurePath(PurePath(name or "").name).suffix.lower() if name else ""
    if not name and len(types) == 1:
        ext = next(iter(types))
    if ext not in types:
        labels = "、".join(dict.fromkeys(t.label for t in types.values()))
        raise ValidationError(wrong_type or f"{what}类型不允许，只能上传 {labels} 文件", code="file_type")
    if size > max_bytes:
        raise ValidationError(
            f"{what}过大（{size // 1024} KB），上限为 {max_bytes // 1024 // 1024} MB", code="file_size"
        )
    if size == 0:
        raise ValidationError(f"{what}是空文件", code="file_empty")
    if not any(head.startswith(magic) for magic in types[ext].magic):
        raise ValidationError(wrong_content or f"{what}内容与文件类型不符", code="file_content")
    return ext


def check_uploaded_file(upload: Any, *, types: dict[str, FileType], max_bytes: int, **messages: str) -> str:
    """``check_file`` for a Django ``UploadedFile``: reads its first bytes and rewinds it."""
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return check_file(upload.name or "", upload.size, head, types=types, max_bytes=max_bytes, **messages)
