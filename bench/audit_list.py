"""Audit list: keyset page vs OFFSET + exact COUNT at depth, on N events (default 200 000).

.venv/bin/python bench/audit_list.py [N]
"""

from __future__ import annotations

import sys

from common import setup_django, timed

setup_django()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from fazhi.audit.models import AuditEvent  # noqa: E402
from fazhi.core.pagination import keyset_page  # noqa: E402

n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 200_000
if AuditEvent.objects.count() < n:
    now = timezone.now()
    rows = [
        AuditEvent(
            created_at=now,
            action=f"bench.{i % 20}",
            object_type="bench",
            object_id=str(i),
            prev_hash="0" * 64,
            hash=f"{i:064x}",
        )
        for i in range(n)
    ]
    with transaction.atomic():
        AuditEvent.objects.bulk_create(rows, batch_size=5000)
print(f"{connection.vendor}, {n} rows")

qs = AuditEvent.objects.filter(action="bench.3")
cursor = None
for _ in range(50):  # walk to a deep page
    cursor = keyset_page(qs, "id", cursor=cursor).next_cursor


def keyset() -> None:
    keyset_page(qs, "id", cursor=cursor)


def offset() -> None:
    qs.count()
    list(qs.order_by("-id")[2500:2550])


k = timed(keyset)
o = timed(offset)
print(f"keyset page 51: median {k[0]:.1f} ms, p95 {k[1]:.1f} ms")
print(f"offset+count page 51: median {o[0]:.1f} ms, p95 {o[1]:.1f} ms")
print(f"ratio offset/keyset (p95): {o[1] / k[1]:.1f}x")
