"""Files built in the background with progress (issue 16 item 7; docs/deploy.md § 后台任务队列).

A page calls ``start(title, builder, user, params)``; the job is queued on django-q2 once the request's
transaction commits, and the browser goes to ``/jobs/<id>/``, which polls the progress. The builder —
``fn(job, progress) -> (bytes, file name, content type)``, named by its dotted path — runs in a job
worker on any machine and calls ``progress(done, total)``; the file is written under
``MEDIA_ROOT/outputs/`` (shared storage with several servers) and served to the job's user only.
Files older than ``KEEP_HOURS`` are deleted when the next job runs.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import FileJob

log = logging.getLogger(__name__)
S = FileJob.Status
TASK = "fazhi.core.file_jobs.run"
KEEP_HOURS = 24
Progress = Callable[[int, int], None]


def outputs_dir() -> Path:
    d = Path(settings.MEDIA_ROOT) / "outputs"
    d.mkdir(parents=True, exist_ok=True)
    return d


def start(*, title: str, builder: str, user: Any, params: dict[str, Any]) -> FileJob:
    from django_q.tasks import async_task

    job = FileJob.objects.create(title=title[:200], builder=builder, user=user, params=params)
    transaction.on_commit(lambda: async_task(TASK, job.pk, task_name=f"file-{job.pk}", group="file"))
    return job


def _progress(job: FileJob) -> Progress:
    def report(done: int, total: int) -> None:
        FileJob.objects.filter(pk=job.pk).update(done=done, total=total)

    return report


def run(job_id: int) -> str:
    """The queued task: build once (a re-delivered task finds the job claimed and does nothing)."""
    if not FileJob.objects.filter(pk=job_id, status=S.QUEUED).update(status=S.RUNNING):
        return "claimed"
    job = FileJob.objects.get(pk=job_id)
    cleanup()
    try:
        data, name, content_type = import_string(job.builder)(job, _progress(job))
    except (ValidationError, PermissionDenied) as e:
        message = "；".join(e.messages) if isinstance(e, ValidationError) else str(e)
        return _finish(job, S.FAILED, message=message)
    except Exception:  # the user sees a Chinese message; the trace goes to the log
        log.exception("file job %s failed", job_id)
        return _finish(job, S.FAILED, message="生成失败，请稍后重试或联系系统管理员")
    path = outputs_dir() / f"{job.pk}-{uuid.uuid4().hex}"
    path.write_bytes(data)
    return _finish(job, S.SUCCEEDED, path=str(path), file_name=name[:255], content_type=content_type[:100])


def _finish(job: FileJob, status: str, **fields: Any) -> str:
    FileJob.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(), **fields)
    return status


def cleanup() -> None:
    cutoff = time.time() - KEEP_HOURS * 3600
    for f in outputs_dir().iterdir():
        if f.is_file() and f.stat().st_mtime < cutoff:
            f.unlink(missing_ok=True)
