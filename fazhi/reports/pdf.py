"""PDF by LibreOffice headless (DESIGN.md §9). The DOCX is built with the official font names
replaced through ``settings.FAZHI_PDF_FONT_MAP`` (仿宋_GB2312 → an installed free font), then
converted with a throw-away LibreOffice profile so that parallel conversions never share one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
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


TEMP_PREFIX = "fazhi-pdf-"
STALE_AFTER_SECONDS = 3600  # far longer than any conversion may run (the timeout), so never a live one


def temp_base() -> Path:
    """Where conversion folders are made (``settings.FAZHI_PDF_TMP_DIR``, else the system temp dir)."""
    configured = getattr(settings, "FAZHI_PDF_TMP_DIR", "")
    return Path(configured) if configured else Path(tempfile.gettempdir())


def cleanup_stale(
    base: Path | None = None, older_than: float = STALE_AFTER_SECONDS, now: float | None = None
) -> int:
    """Remove conversion folders left by conversions killed together with their worker (SIGKILL, OOM),
    where no ``finally`` ran. ``now`` is best the file system's own time (a folder just made), so a
    process clock that differs from the disk's never makes a running conversion's folder look stale.
    Returns how many were removed."""
    base = base or temp_base()
    limit = (time.time() if now is None else now) - older_than
    removed = 0
    for folder in base.glob(TEMP_PREFIX + "*"):
        try:
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except OSError:
            continue  # removed meanwhile by another worker
    return removed


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """LibreOffice starts soffice.bin as a child: kill the whole session so nothing keeps the folder."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()


def docx_to_pdf(docx: bytes, timeout: int | None = None) -> bytes:
    """Convert with a throw-away profile in a folder of our own, removed whatever happens (try/finally);
    every failure — missing program, timeout, killed process — is a ``PdfUnavailable`` in Chinese."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(MISSING_MESSAGE)
    timeout = timeout or int(getattr(settings, "FAZHI_PDF_TIMEOUT", 120))
    base = temp_base()
    tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=base))
    try:
        cleanup_stale(base, now=tmp.stat().st_mtime)
        src = tmp / "report.docx"
        src.write_bytes(docx)
        profile = tmp / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(src),
        ]
        try:
            proc = subprocess.Popen(
                cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
            )
        except OSError as e:
            raise PdfUnavailable(
                f"无法启动 LibreOffice（{e.strerror or e}），请检查服务器的安装，或下载 DOCX 版本"
            ) from None
        try:
            proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise PdfUnavailable(
                f"PDF 转换超时（超过{timeout}秒未完成），已中止；请稍后重试，或下载 DOCX 版本"
            ) from None
        finally:
            if proc.poll() is None:  # interrupted otherwise (e.g. the request was cancelled)
                _kill_group(proc)
        if proc.returncode < 0:
            raise PdfUnavailable(
                f"PDF 转换进程被中止（信号 {-proc.returncode}），请稍后重试，或下载 DOCX 版本"
            )
        if proc.returncode != 0:
            raise PdfUnavailable(f"LibreOffice 转换 PDF 失败（返回码 {proc.returncode}），请下载 DOCX 版本")
        out = tmp / "report.pdf"
        if not out.exists():
            raise PdfUnavailable("LibreOffice 未生成 PDF 文件，请检查服务器的 LibreOffice 安装")
        return out.read_bytes()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
