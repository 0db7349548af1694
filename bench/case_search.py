"""Benchmark: the case lists' one search box (``?q=``, issue 15 item 5) on the province of ``bench/province.py``.

    DATABASE_URL=postgres://…/fazhi_bench .venv/bin/python bench/case_search.py [--scale moderate] [--reps 15]

Generates (or reuses) the province in the configured database, then, as the province's justice bureau
(``prov_bureau``, sees every case), times for 复议 and 应诉: the list page and the API list with ``?q=`` —
an applicant's/plaintiff's whole name, a two-character part of it, a whole ID number (exact), the case
number in each bracket form (〔〕 [] () 【】) and words of the contested act (应诉: the cause) — side by side
with the same list page unsearched and the plain keyset view (``bench/urls.py``, 50 rows, no search), in
process through Django's test client (one request at a time: p50/p95 ms and req/s = 1000 / mean).
Each search is measured in three states of the database: as migrated; without the trigram indexes
(``fazhi/core/search_index.py``); without the ID-number indexes. An index is dropped inside a transaction
that is rolled back, so the database is left as it was. ``EXPLAIN`` of each search's first page names
any sequential scan. Not run by the tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")  # the keyset yardstick, no API throttle

from bench.province import generate, scale_from_args, setup_django

TRIGRAM = {
    "reconsideration": ["recon_party_name_trgm", "recon_contested_act_trgm", "recon_number_trgm"],
    "litigation": ["lit_plaintiff_name_trgm", "lit_cause_trgm", "lit_case_number_trgm"],
}
ID_INDEX = {"reconsideration": ["recon_party_id_number_idx"], "litigation": ["lit_plaintiff_id_number_idx"]}
BRACKETS = (("〔", "〕"), ("[", "]"), ("(", ")"), ("【", "】"))


class Rollback(Exception):
    pass


def measure(fn: Callable[[], object], reps: int) -> tuple[float, float, float]:
    """(p50 ms, p95 ms, req/s) of ``fn`` after one warm-up call."""
    fn()
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(len(samples) * 0.95) - 1)]
    return statistics.median(samples), p95, 1000 / statistics.fmean(samples)


def searches(module: str) -> dict[str, str]:
    """The terms, from a case in the middle of the table (seeded data: the same on every machine)."""
    from fazhi.litigation.models import LitigationCase, Plaintiff
    from fazhi.reconsideration.models import Party, ReconsiderationCase

    if module == "reconsideration":
        parties = Party.objects.filter(role="applicant", kind="person").order_by("id")
        party = parties[parties.count() // 2]
        case = ReconsiderationCase.objects.get(pk=party.case_id)
        number, act = case.number, case.contested_act
    else:
        parties = Plaintiff.objects.filter(kind="person").order_by("id")
        party = parties[parties.count() // 2]
        case = LitigationCase.objects.get(pk=party.case_id)
        number, act = case.court_case_number, case.cause.removeprefix("不服")
    canonical = number.replace("(", "〔").replace(")", "〕")
    terms = {
        f"姓名全称（{len(party.name)}字）": party.name,
        "姓名片段（2字）": party.name[-2:],
        "身份证号（精确）": party.id_number,
    }
    for o, c in BRACKETS:
        terms[f"案号 {o}{c}"] = canonical.replace("〔", o).replace("〕", c)
    terms["行政行为词语" if module == "reconsideration" else "案由词语"] = act[:4]
    return terms


def seq_scans(qs) -> str:  # type: ignore[no-untyped-def]
    plan = qs.explain()
    tables = sorted(
        {line.split("Seq Scan on ")[1].split()[0] for line in plan.splitlines() if "Seq Scan on" in line}
    )
    return ",".join(t.split("_", 1)[1] for t in tables) or "—"


def run_state(  # type: ignore[no-untyped-def]
    module: str,
    terms: dict[str, str],
    user,
    reps: int,
    drop: list[str],
    only: Callable[[str], bool] | None = None,
) -> list[tuple]:
    from django.db import connection, transaction
    from django.test import Client
    from rest_framework.test import APIClient

    from fazhi.core.lists import filtered

    if module == "reconsideration":
        from fazhi.reconsideration.filters import CaseFilterSet
        from fazhi.reconsideration.models import ReconsiderationCase as Model

        order = ("-received_on", "-id")
    else:
        from fazhi.litigation.filters import CaseFilterSet
        from fazhi.litigation.models import LitigationCase as Model

        order = ("-served_on", "-id")
    page, api = Client(), APIClient()
    page.force_login(user)
    api.force_authenticate(user)
    path, api_path = f"/{module}/", f"/api/v1/{module}/cases/"
    rows: list[tuple] = []
    try:
        with transaction.atomic():
            with connection.cursor() as cur:
                for name in drop:
                    cur.execute(f'DROP INDEX IF EXISTS "{name}"')
            for label, q in [("（不搜索）列表页", ""), *terms.items()]:
                if only is not None and not only(label):
                    continue
                params = {"q": q} if q else {}
                r = page.get(path, params)
                assert r.status_code == 200, (label, r.status_code)
                a = api.get(api_path, params)
                assert a.status_code == 200, (label, a.status_code)
                hits = a.json().get("count", len(a.json().get("results", [])))
                qs = filtered(CaseFilterSet, params, Model.objects.visible_to(user), user=user)
                rows.append(
                    (
                        label,
                        measure(lambda p=params: page.get(path, p), reps),
                        measure(lambda p=params: api.get(api_path, p), reps),
                        hits,
                        seq_scans(qs.order_by(*order)[:50]) if q else "",
                    )
                )
            rows.append(  # in every state: the yardstick of the load at that moment
                (
                    "keyset 视图（不搜索）",
                    measure(lambda: page.get(f"/bench-keyset/{module}/"), reps),
                    None,
                    "",
                    "",
                )
            )
            raise Rollback
    except Rollback:
        pass
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default=os.environ.get("BENCH_SCALE", "moderate"))
    parser.add_argument("--reps", type=int, default=15)
    args, rest = parser.parse_known_args()
    setup_django()
    from django.conf import settings
    from django.db import connection

    from fazhi.orgs.models import User

    settings.ALLOWED_HOSTS = ["*"]
    print(generate(scale_from_args(["--scale", args.scale, *rest]), progress=True), flush=True)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    user = User.objects.get(username="prov_bureau")
    print(
        f"数据库：{connection.vendor}；负载 {os.getloadavg()[0]:.1f} / {os.getloadavg()[1]:.1f}", flush=True
    )
    for module in ("reconsideration", "litigation"):
        terms = searches(module)
        states = {  # the dropped indexes matter to the rows shown only
            "现状": ([], None),
            "无三元组索引": (TRIGRAM[module], lambda label: "身份证" not in label and "不搜索" not in label),
            "无证件号索引": (ID_INDEX[module], lambda label: "身份证" in label),
        }
        for state, (drop, only) in states.items():
            print(
                f"\n## {module} · {state}（p50 / p95 ms，req/s；load {os.getloadavg()[0]:.1f}）", flush=True
            )
            print(
                "| 检索 | 词 | 列表页 p50/p95 | 列表页 req/s | API p50/p95 | API req/s | API 首页命中（≤50） | 顺序扫描 |"
            )
            print("|---|---|---|---|---|---|---|---|")
            for label, pg, api, hits, scans in run_state(module, terms, user, args.reps, drop, only):
                term = terms.get(label, "")
                a = f"{api[0]:.0f} / {api[1]:.0f} | {api[2]:.1f}" if api else "— | —"
                print(
                    f"| {label} | {term} | {pg[0]:.0f} / {pg[1]:.0f} | {pg[2]:.1f} | {a} | {hits} | {scans} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
