"""Optional read replica (``DATABASE_REPLICA_URL``, docs/deploy.md § 多台应用服务器).

Only reads that tolerate a replica's lag go there: the report, dashboard and roll-up figures, and only
inside an explicit ``replica_reads()`` block that their views open. Everything else — every write,
every read inside a transaction (``select_for_update``, the action runner, numbering) and every read
after a write in the same block — goes to the primary, so a user never reads a state older than the
one they just wrote. Without a replica configured, ``replica_reads()`` changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reads: ContextVar[bool] = ContextVar("fazhi_replica_reads", default=False)
_wrote: ContextVar[bool] = ContextVar("fazhi_replica_wrote", default=False)


def replica_enabled() -> bool:
    return bool(getattr(settings, "FAZHI_READ_REPLICA", False)) and REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block may be served by the replica (a decorator too: ``@replica_reads()``)."""
    reads, wrote = _reads.set(True), _wrote.set(False)
    try:
        yield
    finally:
        _reads.reset(reads)
        _wrote.reset(wrote)


class ReplicaRouter:
    """Primary unless inside ``replica_reads()``, outside any transaction and before any write."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        if _reads.get() and not _wrote.get() and replica_enabled():
            if not connections[DEFAULT_DB_ALIAS].in_atomic_block:
                return REPLICA
        # Explicit, so an object read from the replica does not pull its relations from there later.
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        if _reads.get():
            _wrote.set(True)  # read-after-write: the rest of the block reads the primary
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
