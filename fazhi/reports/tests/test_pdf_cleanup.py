"""PDF conversion (issue 8 item 8): a killed or timed-out LibreOffice leaves no temp folder behind, folders
of conversions killed with their worker are cleaned up, and the user gets a Chinese message, not a 500.
The "LibreOffice" here is a real program on disk (a shell script named by ``FAZHI_SOFFICE``) that
behaves like a hanging or killed soffice; our own code runs unchanged."""

from __future__ import annotations

import os
import stat
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core import file_jobs
from fazhi.reports import services
from fazhi.reports.pdf import TEMP_PREFIX, PdfUnavailable, cleanup_stale, docx_to_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def fake_soffice(folder: Path, body: str) -> Path:
    """A soffice that records its --outdir (the conversion folder) and then does ``body``."""
    script = folder / "soffice"
    script.write_text(
        "#!/bin/sh\n"
        'while [ $# -gt 0 ]; do if [ "$1" = "--outdir" ]; then echo "$2" > "$(dirname "$0")/outdir"; fi; shift; done\n'
        f"{body}\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def pdf_env(tmp_path, settings):  # type: ignore[no-untyped-def]
    base = tmp_path / "tmp"
    base.mkdir()
    settings.FAZHI_PDF_TMP_DIR = str(base)
    return tmp_path, base, settings


def _running(pid: int) -> bool:
    """Whether ``pid`` is alive: a killed process that nobody has reaped yet is a zombie ("Z")."""
    for _ in range(50):  # the kill is asynchronous: give the kernel a moment (at most 5 s)
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        if state in ("Z", "X"):
            return False
        time.sleep(0.1)
    return True


def conversion_folders(base: Path) -> list[Path]:
    return list(base.glob(TEMP_PREFIX + "*"))


def test_a_hanging_conversion_times_out_in_chinese_and_leaves_nothing(pdf_env) -> None:  # type: ignore[no-untyped-def]
    tmp_path, base, settings = pdf_env
    # soffice.bin lives on in a child process; the whole process group must be killed
    settings.FAZHI_SOFFICE = str(
        fake_soffice(tmp_path, 'sleep 30 &\necho $! > "$(dirname "$0")/child"\nsleep 30')
    )
    with pytest.raises(PdfUnavailable, match="PDF 转换超时") as e:
        docx_to_pdf(b"PK fake docx", timeout=1)
    # The grandchild (soffice.bin's stand-in) was killed with the group, not left sleeping.
    assert not _running(int((tmp_path / "child").read_text()))
    assert "timed out" not in str(e.value)
    outdir = Path((tmp_path / "outdir").read_text().strip())
    assert outdir.parent == base and not outdir.exists()
    assert conversion_folders(base) == []


def test_a_killed_conversion_leaves_nothing(pdf_env) -> None:  # type: ignore[no-untyped-def]
    tmp_path, base, settings = pdf_env
    settings.FAZHI_SOFFICE = str(
        fake_soffice(tmp_path, 'touch "$(cat "$(dirname "$0")/outdir")/partial"\nkill -9 $$')
    )
    with pytest.raises(PdfUnavailable, match="被中止"):
        docx_to_pdf(b"PK fake docx", timeout=10)
    assert (tmp_path / "outdir").exists() and conversion_folders(base) == []


def test_folders_of_conversions_killed_with_their_worker_are_removed(pdf_env) -> None:  # type: ignore[no-untyped-def]
    tmp_path, base, settings = pdf_env
    stale, live = base / f"{TEMP_PREFIX}stale", base / f"{TEMP_PREFIX}live"
    for folder in (stale, live):
        (folder / "profile").mkdir(parents=True)
    old = live.stat().st_mtime - 2 * 3600  # the disk's clock, whatever the process clock says
    os.utime(stale, (old, old))
    settings.FAZHI_SOFFICE = str(fake_soffice(tmp_path, "exit 1"))
    with pytest.raises(PdfUnavailable, match="返回码 1"):
        docx_to_pdf(b"PK fake docx", timeout=10)
    assert not stale.exists() and live.exists()  # a running conversion's folder is left alone
    assert conversion_folders(base) == [live]
    assert cleanup_stale(base, older_than=0, now=live.stat().st_mtime + 1) == 1
    assert conversion_folders(base) == []


def test_the_pdf_job_shows_the_timeout_in_chinese_not_a_500(client, cases, gov, bureau, pdf_env) -> None:  # type: ignore[no-untyped-def]
    """The conversion runs on the job queue (issue 16 item 7): a conversion that times out fails the job
    with the Chinese message on its page, and leaves no temporary folder behind."""
    tmp_path, base, settings = pdf_env
    settings.FAZHI_SOFFICE = str(fake_soffice(tmp_path, "sleep 30"))
    settings.FAZHI_PDF_TIMEOUT = 1
    report = services.create_report(actor=bureau, org=gov, year=2019)
    client.force_login(bureau)
    job_url = client.post(f"/reports/{report.pk}/report.pdf")["Location"]
    assert file_jobs.run(int(job_url.strip("/").split("/")[-1])) == "failed"
    resp = client.get(job_url)
    assert resp.status_code == 200 and 'data-status="failed"' in resp.content.decode()
    assert "PDF 转换超时" in resp.content.decode()
    assert conversion_folders(base) == []
