"""Litigation list and figures on N cases (default 100 000): keyset vs OFFSET+COUNT at depth, filtered by
defendant unit; and the yearly figures (one conditional-aggregate query).

.venv/bin/python bench/litigation.py [N]
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta

from common import setup_django, timed

setup_django()

from django.db import connection, transaction  # noqa: E402

from fazhi.core.pagination import capped_count, keyset_page  # noqa: E402
from fazhi.litigation import filters, stats  # noqa: E402
from fazhi.litigation.models import LitigationCase, Outcome  # noqa: E402
from fazhi.orgs import demo as orgs_demo  # noqa: E402
from fazhi.reports.figures import FigureQuery  # noqa: E402

n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 100_000
units = orgs_demo.load_units()
defendants = [u for c, u in units.items() if c[0] in "dt"]
if LitigationCase.objects.count() < n:
    rng = random.Random(1)
    rows = []
    for i in range(n):
        served = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        outcome = rng.choice(Outcome.values) if rng.random() < 0.9 else ""
        rows.append(
            LitigationCase(
                org=rng.choice(defendants),
                court=units["court"],
                court_case_number=f"({served.year})浙0381行初{i}号",
                cause="bench",
                act_category="penalty",
                served_on=served,
                outcome=outcome,
                judgment_kind="judgment" if outcome else "",
                concluded_on=served + timedelta(days=60) if outcome else None,
            )
        )
    with transaction.atomic():
        LitigationCase.objects.bulk_create(rows, batch_size=5000)
print(f"{connection.vendor}, {n} cases")

qs = filters.apply(LitigationCase.objects.all(), {})
unit_qs = filters.apply(LitigationCase.objects.all(), {"org": str(units["d05"].pk)})
cursor = None
for _ in range(200):  # walk to a deep page
    cursor = keyset_page(qs, "served_on", cursor=cursor).next_cursor


def keyset() -> None:
    list(keyset_page(qs, "served_on", cursor=cursor).items)
    capped_count(qs)


def offset() -> None:
    qs.count()
    list(qs.order_by("-served_on", "-id")[10000:10050])


def unit_page() -> None:
    list(keyset_page(unit_qs, "served_on").items)
    capped_count(unit_qs)


def figures() -> None:
    stats.figures(FigureQuery.for_year(2019))


k, o, u, f = timed(keyset), timed(offset), timed(unit_page), timed(figures, repeat=10)
print(f"keyset page 201 (+capped count): median {k[0]:.1f} ms, p95 {k[1]:.1f} ms")
print(f"offset+count page 201:           median {o[0]:.1f} ms, p95 {o[1]:.1f} ms")
print(f"ratio offset/keyset (p95): {o[1] / k[1]:.1f}x")
print(f"first page filtered by one defendant unit: median {u[0]:.1f} ms, p95 {u[1]:.1f} ms")
print(f"yearly litigation figures: median {f[0]:.1f} ms, p95 {f[1]:.1f} ms")
