"""Benchmark: the case list's ``?q=`` search (issue 15 item 5) by applicant name, ID number and case number.

    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/case_search.py [N]

Inserts N reconsideration cases (default 200 000), each with one applicant of a made-up name, into the
configured database (a throw-away FAZHI_DATA_DIR or a scratch PostgreSQL database), then times the first
list page (keyset page + capped count, as ``list_page`` runs it) for: a three-character name (served by
the trigram index on PostgreSQL), a two-character surname+given-name fragment, a whole ID number (exact)
and a case number typed with other brackets, and the API list through the test client. Not run by the tests.
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
from rest_framework.test import APIClient  # noqa: E402

from fazhi.core.lists import filtered  # noqa: E402
from fazhi.core.pagination import capped_count, keyset_page  # noqa: E402
from fazhi.core.pii import make_id_card  # noqa: E402
from fazhi.orgs.models import Role  # noqa: E402
from fazhi.reconsideration.filters import CaseFilterSet  # noqa: E402
from fazhi.reconsideration.models import Party, ReconsiderationCase, Status  # noqa: E402
from fazhi.testing.factories import bureau_unit, department, make_user  # noqa: E402

REPEAT = 10
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅飞鹏辉建国志文斌宇浩凯"


def populate(n: int) -> None:
    units = [department(f"d{i:02d}", f"示例市部门{i}") for i in range(1, 21)]
    government = units[0].government
    existing = ReconsiderationCase.objects.count()
    rng = random.Random(11)
    start = date(2015, 1, 1)
    for first in range(existing, n, 5000):
        cases = []
        for i in range(first, min(first + 5000, n)):
            received = start + timedelta(days=rng.randint(0, 3650))
            cases.append(
                ReconsiderationCase(
                    org=rng.choice(units),
                    number=f"示政复〔{received.year}〕{i + 1}号",
                    numbering_government=government,
                    year=received.year,
                    seq=i + 1,
                    received_on=received,
                    status=Status.RECEIVED,
                    contested_act=rng.choice(
                        ["行政处罚决定", "不予登记决定", "征收补偿决定", "政府信息公开答复"]
                    ),
                    act_category="penalty",
                    field="public_security",
                )
            )
        ReconsiderationCase.objects.bulk_create(cases)
        Party.objects.bulk_create(
            Party(
                case=c,
                name=rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2))),
                kind="person",
                id_number=make_id_card(
                    "330381", date(1960, 1, 1) + timedelta(days=c.seq % 15000), c.seq % 999
                ),
            )
            for c in cases
        )


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    fn()
    t = time.perf_counter()
    for _ in range(REPEAT):
        fn()
    return (time.perf_counter() - t) / REPEAT * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    bureau = make_user(Role.BUREAU, bureau_unit(), username="bench_search")
    populate(n)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    scoped = ReconsiderationCase.objects.visible_to(bureau).select_related("org")
    sample = Party.objects.order_by("id")[n // 2]
    case = ReconsiderationCase.objects.get(pk=sample.case_id)
    searches = {
        "三字姓名": sample.name if len(sample.name) >= 3 else sample.name + "华",
        "两字片段": sample.name[:2],
        "身份证号（精确）": sample.id_number,
        "案号（其他括号）": case.number.replace("〔", "[").replace("〕", "]"),
    }
    client = APIClient()
    client.force_authenticate(bureau)
    print(f"{ReconsiderationCase.objects.count()} 件案件（{connection.vendor}）")
    print(f"{'检索':<16}{'首页 ms':>10}{'API ms':>10}{'命中（上限）':>12}")
    for label, q in searches.items():
        qs = filtered(CaseFilterSet, {"q": q}, scoped, user=bureau)

        def page(qs=qs) -> None:  # type: ignore[no-untyped-def]
            keyset_page(qs.order_by(), "received_on")
            capped_count(qs)

        api_ms = timed(lambda q=q: client.get("/api/v1/reconsideration/cases/", {"q": q}))
        print(f"{label:<16}{timed(page):>10.1f}{api_ms:>10.1f}{capped_count(qs)[0]!s:>12}")


if __name__ == "__main__":
    main()
