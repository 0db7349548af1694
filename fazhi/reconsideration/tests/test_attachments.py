"""Attachments: stored under MEDIA_ROOT with size and type limits, served only through the scoped view."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.reconsideration import services
from fazhi.reconsideration.models import Attachment

PDF = b"%PDF-1.4\n%test\n"


def test_upload_and_scoped_download(receive, clerk, other_clerk, client, settings):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    client.force_login(clerk)
    response = client.post(
        reverse("reconsideration:attachment_upload", args=[case.pk]),
        {"kind": "answer", "file": SimpleUploadedFile("答复书.pdf", PDF)},
    )
    assert response.status_code == 302
    att = Attachment.objects.get()
    assert Path(att.file.path).is_relative_to(Path(settings.MEDIA_ROOT)) and att.filename == "答复书.pdf"
    url = reverse("reconsideration:attachment_download", args=[att.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(other_clerk)
    assert client.get(url).status_code == 404
    client.force_login(clerk)
    assert client.get(settings.MEDIA_URL + att.file.name).status_code == 404  # never public


def test_type_and_content_checked(receive, bureau):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    with pytest.raises(ValidationError, match="类型不允许"):
        services.add_attachment(case, actor=bureau, kind="other", upload=SimpleUploadedFile("x.exe", b"MZ"))
    with pytest.raises(ValidationError, match="内容与文件类型不符"):
        services.add_attachment(
            case, actor=bureau, kind="other", upload=SimpleUploadedFile("x.pdf", b"MZ\x90")
        )
    assert not Attachment.objects.exists()


def test_size_limit(receive, bureau, settings):  # type: ignore[no-untyped-def]
    settings.FAZHI_ATTACHMENT_MAX_BYTES = 1024
    case = receive(date(2024, 3, 1))
    with pytest.raises(ValidationError, match="附件过大"):
        services.add_attachment(
            case, actor=bureau, kind="decision", upload=SimpleUploadedFile("d.pdf", PDF + b"0" * 2048)
        )


def test_respondent_uploads_only_answers_and_evidence(receive, clerk):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    with pytest.raises(ValidationError, match="答复书和证据材料"):
        services.add_attachment(case, actor=clerk, kind="decision", upload=SimpleUploadedFile("d.pdf", PDF))
