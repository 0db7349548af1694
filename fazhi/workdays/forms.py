from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError

from fazhi.core.forms import StyledFormMixin
from fazhi.core.uploads import XLSX_TYPES, FileType, check_uploaded_file

from .notice import MAX_BYTES, ParsedYear, parse_file, parse_notice

# The holiday notice as a file: the one upload check (name, size, first bytes) of ``core.uploads``.
# A .txt has no signature; parse_notice refuses text that is not a notice.
CALENDAR_TYPES: dict[str, FileType] = {
    ".txt": FileType("TXT", (b"",), "text/plain"),
    ".ics": FileType("ICS", (b"BEGIN:VCALENDAR", b"\xef\xbb\xbfBEGIN:VCALENDAR"), "text/calendar"),
    **XLSX_TYPES,
}


class EnterYearForm(StyledFormMixin, forms.Form):
    """The notice text pasted, or a file (.txt/.ics/.xlsx); the year only when the source lacks it."""

    text = forms.CharField(
        label="通知正文",
        required=False,
        max_length=20000,
        widget=forms.Textarea(
            attrs={"rows": 12, "placeholder": "一、元旦：1月1日放假，与周末连休。\n二、春节：……"}
        ),
        help_text="粘贴国务院办公厅关于某年部分节假日安排的通知（含标题更好）",
    )
    file = forms.FileField(label="或上传文件（.txt / .ics / .xlsx）", required=False)
    year = forms.IntegerField(
        label="年份", required=False, min_value=2000, max_value=2100, help_text="通知中有年份时可不填"
    )

    def clean(self) -> dict:
        data = super().clean()
        text, upload = (data.get("text") or "").strip(), data.get("file")
        if bool(text) == bool(upload):
            raise ValidationError("请粘贴通知正文或上传一个文件（二选一）")
        if upload is not None:
            check_uploaded_file(
                upload,
                types=CALENDAR_TYPES,
                max_bytes=MAX_BYTES,
                wrong_type="只支持 .txt（通知正文）、.ics、.xlsx 文件",
            )
        return data

    def parsed(self) -> ParsedYear:
        """Read the source; raises ValidationError (Chinese) for a file that cannot be read at all."""
        data = self.cleaned_data
        upload = data.get("file")
        if upload is None:
            return parse_notice(data["text"], data.get("year"))
        suffix = Path(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"upload{suffix}"
            with path.open("wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            return parse_file(path, data.get("year"))
