"""Benchmark: the reconsideration list page (keyset + capped count) against an OFFSET + COUNT baseline.

    FAZHI_DATA_DIR=/tmp/bench .venv/bin/python bench/reconsideration_list.py [N]

Inserts N cases (default 100 000) into the configured database (use a throw-away FAZHI_DATA_DIR or a
DATABASE_URL of a scratch PostgreSQL database), then times, for the first page, a deep page and a
filtered page: the real list view (through Django's test client, so template rendering included) and
the classic baseline query pair ``COUNT(*)`` + ``ORDER BY … LIMIT 50 OFFSET k``. Prints the ratios.
Not run by the tests.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from fazhi.core.pagination import capped_count, keyset_page  # noqa: E402
from fazhi.orgs.models import OrgUnit, Role  # noqa: E402
from fazhi.reconsideration.models import (  # noqa: E402
    ActCategory,
    Field,
    Outcome,
    ReconsiderationCase,
    Status,
)
from fazhi.testing.factories import bureau_unit, department, make_user  # noqa: E402

REPEAT = 20


def populate(n: int) -> None:
    units = [department(f"d{i:02d}", f"示例市部门{i}") for i in range(1, 21)]
    existing = ReconsiderationCase.objects.count()
    rng = random.Random(7)
    start = date(2015, 1, 1)
    batch = []
    for i in range(existing, n):
        received = start + timedelta(days=rng.randint(0, 3650))
        done = rng.random() < 0.9
        batch.append(
            ReconsiderationCase(
                org=rng.choice(units),
                number=f"BENCH-{i}",
                year=received.year,
                seq=i + 1,
                received_on=received,
                status=Status.CONCLUDED if done else Status.UNDER_REVIEW,
                contested_act="行政处罚决定",
                act_category=rng.choice(ActCategory.values),
                field=rng.choice(Field.values),
                accepted_on=received + timedelta(days=3),
                concluded_on=received + timedelta(days=50) if done else None,
                outcome=rng.choice(Outcome.values) if done else "",
                decision_due=received + timedelta(days=63),
                acceptance_due=received + timedelta(days=7),
            )
        )
        if len(batch) == 5000:
            ReconsiderationCase.objects.bulk_create(batch)
            batch = []
    if batch:
        ReconsiderationCase.objects.bulk_create(batch)


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm up
    t = time.perf_counter()
    for _ in range(REPEAT):
        fn()
    return (time.perf_counter() - t) / REPEAT * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the client see the view's context (the next-page cursor)
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    bureau = make_user(Role.BUREAU, bureau_unit(), username="bench_bureau")
    populate(n)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics after the bulk insert, as autovacuum would
    client = Client()
    client.force_login(bureau)
    clerk = make_user(Role.CLERK, OrgUnit.objects.get(code="d03"), username="bench_clerk")
    clerk_client = Client()
    clerk_client.force_login(clerk)
    clerk_scoped = ReconsiderationCase.objects.visible_to(clerk).select_related("org")
    some_unit = OrgUnit.objects.get(code="d03")
    total = ReconsiderationCase.objects.count()
    print(f"{total} 件案件（{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}）")

    # a deep keyset cursor: follow "next" 20 pages
    url = "/reconsideration/"
    for _ in range(20):
        cursor = client.get(url).context["page"].next_cursor
        url = f"/reconsideration/?cursor={cursor}"
    deep_url = url

    qs = ReconsiderationCase.objects.select_related("org").order_by("-received_on", "-id")
    scoped = ReconsiderationCase.objects.visible_to(bureau).select_related("org")
    deep_cursor = deep_url.split("cursor=", 1)[1]

    def keyset(cursor: str | None = None, **filters: object):  # type: ignore[no-untyped-def]
        def run() -> None:
            q = scoped.filter(**filters)
            keyset_page(q, "received_on", cursor=cursor)
            capped_count(q)

        return run

    def baseline(offset: int, **filters: object):  # type: ignore[no-untyped-def]
        def run() -> None:
            q = qs.filter(**filters)
            q.count()
            list(q[offset : offset + 50])

        return run

    cases = [
        ("第一页", lambda: client.get("/reconsideration/"), keyset(), baseline(0)),
        ("第21页", lambda: client.get(deep_url), keyset(deep_cursor), baseline(1000)),
        (
            "按单位+状态筛选",
            lambda: client.get(f"/reconsideration/?org={some_unit.pk}&status=concluded"),
            keyset(org=some_unit, status="concluded"),
            baseline(0, org=some_unit, status="concluded"),
        ),
        (
            "填报员（本单位）",
            lambda: clerk_client.get("/reconsideration/"),
            lambda: (keyset_page(clerk_scoped, "received_on"), capped_count(clerk_scoped)),
            baseline(0, org=some_unit),
        ),
    ]
    last = max(0, total - 50)
    print(f"{'页面':<14}{'视图 ms':>10}{'keyset+上限计数 ms':>20}{'OFFSET+COUNT ms':>18}{'查询比值':>10}")
    for label, view, ks, base in cases:
        v, k, b = timed(view), timed(ks), timed(base)
        print(f"{label:<14}{v:>10.1f}{k:>20.1f}{b:>18.1f}{b / k:>10.2f}")
    b = timed(baseline(last))
    print(f"{'最后一页':<14}{'—':>10}{'（keyset 与深度无关）':>20}{b:>18.1f}")
    print(
        "查询比值 = OFFSET+COUNT 基线耗时 ÷ keyset 分页加上限计数耗时（越大越好）；视图耗时含模板渲染与会话。"
    )


if __name__ == "__main__":
    main()
