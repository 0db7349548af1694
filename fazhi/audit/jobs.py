"""Periodic audit job (django-q2 schedule created by migration 0004, or cron: ``fazhi audit seal``)."""

from __future__ import annotations

import logging

from .selectors import verify_chain
from .services import seal_pending

log = logging.getLogger(__name__)


def seal_and_anchor() -> str:
    """Seal whatever the after-commit step left (a crash, a failed callback), check the chain
    since the last anchor and anchor the new head. Raises on tampering so the job shows failed."""
    sealed = seal_pending()
    result = verify_chain(incremental=True)
    if not result.ok:
        log.error("审计链校验失败：%s", result.reason)
        raise RuntimeError(f"审计链校验失败：{result.reason}")
    return f"已封存 {sealed} 条，链头第 {result.head_seq} 号封存"
