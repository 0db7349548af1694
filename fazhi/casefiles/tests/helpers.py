"""Shared steps of the case-file tests: read a generated DOCX back with python-docx."""

from __future__ import annotations

import io
from typing import Any

from docx import Document


def docx_text(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs if p.text.strip()]


def download(client: Any, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)
