"""Excel imports as background jobs on the django-q2 queue (ORM broker, ``Q_CLUSTER`` in settings).

A web import of 100 000 rows takes longer than the web worker's timeout, so the page only stages the
file and queues ``run_import``; the cluster (``manage.py qcluster``, started by ``fazhi serve`` and by
the systemd unit in production) runs it. The CLI runs the same ``execute`` synchronously.

Every import leaves an ``ImportJob`` row (kind, user, time, file hash, rows), which is also how a
second import of the same file is refused. The staged file (personal data) is deleted when the job
ends, whatever the outcome; abandoned ones are swept by ``excel.cleanup_staged``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from .excel import ExcelError, StagedFile, cleanup_staged, file_sha256
from .models import ImportJob
from .registry import registry

log = logging.getLogger(__name__)
S = ImportJob.Status
TASK = "fazhi.core.jobs.run_import"
PROGRESS_EVERY_ROWS = 500
MAX_STORED_ERRORS = 2000


def enqueue(job: ImportJob) -> None:
    """Put the job on the queue once the transaction that created it has committed."""
    from django_q.tasks import async_task

    transaction.on_commit(
        lambda: async_task(TASK, job.pk, task_name=f"import-{job.kind}-{job.pk}", group="import")
    )


def start_import(*, kind: str, user: Any, staged: StagedFile) -> ImportJob:
    """The page's entrance: record the staged upload as a queued job and queue it."""
    if kind not in registry.tabular or registry.tabular[kind].importer is None:
        staged.path.unlink(missing_ok=True)
        raise ExcelError(f"未知的导入类别「{kind}」")
    job = ImportJob.objects.create(
        kind=kind,
        user=user,
        source="page",
        file_name=staged.name[:255],
        file_size=staged.size,
        file_sha256=staged.sha256,
        staged_path=str(staged.path),
    )
    enqueue(job)
    return job


def run_import(job_id: int) -> str:
    """The queued task. Runs a job once; its staged file is deleted whatever happens."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    claimed = ImportJob.objects.filter(pk=job_id, status=S.QUEUED).update(
        status=S.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # already run (a retried delivery): never import twice
        return job.status
    job.refresh_from_db()
    path = Path(job.staged_path) if job.staged_path else None
    try:
        if path is None or not path.exists():
            _finish(job, errors=["导入文件已失效（可能已超过保留时间），请重新上传"])
        else:
            execute(job, path)
    finally:
        if path is not None:
            path.unlink(missing_ok=True)
        ImportJob.objects.filter(pk=job.pk).update(staged_path="")
        cleanup_staged()
    return job.status


def import_cli(
    kind: str, path: str | Path, user: Any, progress: Callable[..., None] | None = None
) -> ImportJob:
    """``fazhi import``: the same checks and record as the page, synchronously; the user's file is kept."""
    p = Path(path)
    job = ImportJob.objects.create(
        kind=kind,
        user=user,
        source="cli",
        file_name=p.name[:255],
        file_size=p.stat().st_size if p.exists() else 0,
        file_sha256=file_sha256(p) if p.exists() else "",
        status=S.RUNNING,
        started_at=timezone.now(),
    )
    execute(job, p, progress=progress)
    return job


def execute(job: ImportJob, path: Path, progress: Callable[..., None] | None = None) -> ImportJob:
    """Refuse a file already imported, then run the module's importer (all rows or none)."""
    earlier = (
        ImportJob.objects.filter(kind=job.kind, file_sha256=job.file_sha256, status=S.SUCCEEDED)
        .exclude(pk=job.pk)
        .select_related("user")
        .first()
    )
    if earlier is not None and job.file_sha256:
        who = earlier.user.get_full_name() or earlier.user.username if earlier.user else "系统"
        when = timezone.localtime(earlier.finished_at or earlier.created_at).strftime("%Y-%m-%d %H:%M")
        rows = f"第2行至第{earlier.rows_total + 1}行" if earlier.rows_total else "全部数据行"
        return _finish(
            job,
            errors=[
                f"该文件已于 {when} 由 {who} 导入（{rows}，共 {earlier.created} 条），不能重复导入；未导入任何记录"
            ],
        )
    reporter = _Progress(job, progress)
    kind = registry.tabular[job.kind]
    batch = {"job": job.pk, "file_sha256": job.file_sha256, "file_name": job.file_name}
    try:
        result = kind.importer(path, job.user, progress=reporter, batch=batch)  # type: ignore[misc]
    except (ValidationError, PermissionDenied) as e:  # ExcelError is a ValidationError
        messages = e.messages if isinstance(e, ValidationError) else [str(e) or "没有导入权限"]
        return _finish(job, errors=list(messages))
    except Exception:
        log.exception("import job %s failed", job.pk)
        return _finish(job, errors=["导入时发生系统错误，未导入任何记录；请联系系统管理员"])
    finally:
        reporter.close()
    errors = [str(e) for e in getattr(result, "errors", [])]
    rows = getattr(result, "rows_total", 0) or reporter.total
    return _finish(job, errors=errors, created=0 if errors else result.created, rows_total=rows)


def _finish(
    job: ImportJob, *, errors: list[str], created: int = 0, rows_total: int | None = None
) -> ImportJob:
    job.status = S.FAILED if errors else S.SUCCEEDED
    job.errors = errors[:MAX_STORED_ERRORS]
    job.created = created
    if rows_total is not None:
        job.rows_total = rows_total
    if not errors:
        job.rows_done = job.rows_total
    job.message = f"已导入 {created} 条" if not errors else f"发现 {len(errors)} 处错误，未导入任何记录"
    job.finished_at = timezone.now()
    job.save()
    return job


PHASES = {"check": "正在检查", "write": "正在写入"}


class _Progress:
    """``progress(done, total, phase)`` called by an importer per batch: rows checked ("check"), then
    rows written ("write"). Stored every few hundred rows so the page can show it while the job runs:
    through a separate autocommit connection on PostgreSQL (visible while the import transaction is
    still open); on SQLite only outside a transaction (the import transaction holds the write lock,
    so a second connection would wait for it). ``echo`` (the CLI) is told every call."""

    def __init__(self, job: ImportJob, echo: Callable[..., None] | None) -> None:
        self.job = job
        self.echo = echo
        self.total = 0
        self.last = -PROGRESS_EVERY_ROWS
        self.last_phase = ""
        self.last_time = 0.0
        self.side: Any = None

    def __call__(self, done: int, total: int, phase: str = "check") -> None:
        if phase == "check":  # the sheet's announced size, or the rows read so far when it says none
            self.total = max(total, done)
        if self.echo is not None:
            self.echo(done, total, phase)
        if (
            phase == self.last_phase
            and done < total
            and done - self.last < PROGRESS_EVERY_ROWS
            and time.monotonic() - self.last_time < 2
        ):
            return
        self.last, self.last_phase, self.last_time = done, phase, time.monotonic()
        self._store(done, total, PHASES.get(phase, ""))

    def _store(self, done: int, total: int, message: str) -> None:
        table = ImportJob._meta.db_table
        if connection.vendor == "postgresql":
            if self.side is None:
                self.side = connections.create_connection("default")
                self.side.set_autocommit(True)
            with self.side.cursor() as cur:
                cur.execute(
                    f"UPDATE {table} SET rows_done = %s, rows_total = %s, message = %s WHERE id = %s",
                    [done, total, message, self.job.pk],
                )
        elif not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job.pk).update(rows_done=done, rows_total=total, message=message)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None
