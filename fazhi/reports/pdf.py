"""PDF by LibreOffice headless (DESIGN.md §9). The DOCX is built with the official font names
replaced through ``settings.FAZHI_PDF_FONT_MAP`` (仿宋_GB2312 → an installed free font), then
converted with a throw-away LibreOffice profile so that parallel conversions never share one."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

MISSING_MESSAGE = (
    "服务器未安装 LibreOffice，无法生成 PDF。请安装 libreoffice-writer-nogui 和 fonts-noto-cjk "
    "（Debian：apt-get install libreoffice-writer-nogui fonts-noto-cjk），或下载 DOCX 版本。"
)


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed or the conversion failed; the message is for the user (Chinese)."""


def soffice_path() -> str | None:
    configured = getattr(settings, "FAZHI_SOFFICE", "")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def font_map() -> dict[str, str]:
    return dict(getattr(settings, "FAZHI_PDF_FONT_MAP", {}) or {})


def docx_to_pdf(docx: bytes, timeout: int = 120) -> bytes:
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(MISSING_MESSAGE)
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(docx)
        profile = Path(tmp) / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as e:
            raise PdfUnavailable(f"LibreOffice 转换 PDF 失败：{e}") from None
        out = Path(tmp) / "report.pdf"
        if not out.exists():
            raise PdfUnavailable("LibreOffice 未生成 PDF 文件，请检查服务器的 LibreOffice 安装")
        return out.read_bytes()
