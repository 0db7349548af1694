"""Figures against hand-written SQL (issue 11 item 4), on the province of ``bench/province.py``.

    .venv/bin/python bench/figures.py [--scale small|moderate|full] [--year 2024] [--reps 5]

For one county and one year: the product's figures (``collect(FigureQuery.for_year(year, county))``, every
registered figure, as the annual report and the dashboard ask for them) against one hand-written
conditional-aggregate query per module for a handful of the same numbers (复议 received, accepted, concluded,
corrected rate; 应诉 received, concluded, loss rate). The numbers must agree; the goal is product ≤ 1.3× the
SQL. Then the whole province's figures, wall time, goal ≤ 2 s. Timings are medians of ``--reps`` runs,
interleaved, after one warm-up run each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.province import PROVINCE, generate, scale_from_args, setup_django
from bench.province_cases import LAST_YEAR

GOAL_COUNTY = 1.3
GOAL_PROVINCE_S = 2.0


def _figures_api() -> tuple[Any, Any]:
    """``collect`` and ``FigureQuery``, wherever the platform keeps them (they are moving to ``core``)."""
    try:
        from fazhi.core.figures import FigureQuery, collect  # type: ignore[import-not-found,attr-defined]
    except ImportError:
        from fazhi.reports.figures import FigureQuery, collect
    return collect, FigureQuery


def hand_sql(path: str, year: int) -> dict[str, float | int | None]:
    """The handful of figures in two queries of hand-written SQL (conditional aggregates)."""
    from django.db import connection

    from fazhi.litigation.models import LOSS_OUTCOMES, LitigationCase
    from fazhi.orgs.models import OrgUnit
    from fazhi.reconsideration.models import CORRECTED_OUTCOMES, ReconsiderationCase

    start, end = date(year, 1, 1), date(year, 12, 31)
    units = OrgUnit._meta.db_table
    corrected = ", ".join(f"'{o}'" for o in sorted(CORRECTED_OUTCOMES))
    lost = ", ".join(f"'{o}'" for o in sorted(LOSS_OUTCOMES))
    recon_sql = f"""
        SELECT SUM(CASE WHEN c.received_on BETWEEN %(s)s AND %(e)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN c.accepted_on BETWEEN %(s)s AND %(e)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN c.concluded_on BETWEEN %(s)s AND %(e)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN c.concluded_on BETWEEN %(s)s AND %(e)s AND c.outcome IN ({corrected})
                        THEN 1 ELSE 0 END)
        FROM {ReconsiderationCase._meta.db_table} c JOIN {units} u ON u.id = c.org_id
        WHERE u.path LIKE %(p)s
          AND (c.received_on BETWEEN %(s)s AND %(e)s OR c.accepted_on BETWEEN %(s)s AND %(e)s
               OR c.concluded_on BETWEEN %(s)s AND %(e)s)"""
    lit_sql = f"""
        SELECT SUM(CASE WHEN c.served_on BETWEEN %(s)s AND %(e)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN c.concluded_on BETWEEN %(s)s AND %(e)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN c.concluded_on BETWEEN %(s)s AND %(e)s AND c.outcome IN ({lost})
                        THEN 1 ELSE 0 END)
        FROM {LitigationCase._meta.db_table} c JOIN {units} u ON u.id = c.org_id
        WHERE u.path LIKE %(p)s
          AND (c.served_on BETWEEN %(s)s AND %(e)s OR c.concluded_on BETWEEN %(s)s AND %(e)s)"""
    params = {"s": start, "e": end, "p": path + "%"}
    with connection.cursor() as cursor:
        cursor.execute(recon_sql, params)
        received, accepted, concluded, corrected_n = (int(v or 0) for v in cursor.fetchone())
        cursor.execute(lit_sql, params)
        served, lit_concluded, lost_n = (int(v or 0) for v in cursor.fetchone())
    return {
        "reconsideration.received": received,
        "reconsideration.accepted": accepted,
        "reconsideration.concluded": concluded,
        "reconsideration.correction_rate": round(corrected_n / concluded, 4) if concluded else None,
        "litigation.received": served,
        "litigation.concluded": lit_concluded,
        "litigation.loss_rate": round(lost_n / lit_concluded, 4) if lit_concluded else None,
    }


def timed(fns: dict[str, Callable[[], object]], reps: int) -> dict[str, float]:
    """Median seconds of each function, interleaved, after one warm-up call each."""
    for fn in fns.values():
        fn()
    samples: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(reps):
        for key, fn in fns.items():
            t = time.perf_counter()
            fn()
            samples[key].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--year", type=int, default=LAST_YEAR - 1)
    parser.add_argument("--reps", type=int, default=5)
    args, rest = parser.parse_known_args()
    scale = scale_from_args(rest)
    setup_django()
    print(generate(scale, progress=True), flush=True)
    from django.db import connection

    from fazhi.orgs.models import OrgUnit

    collect, FigureQuery = _figures_api()
    county = OrgUnit.objects.get(code="c001")
    province = OrgUnit.objects.get(code=PROVINCE)
    product = collect(FigureQuery.for_year(args.year, county))
    sql = hand_sql(county.path, args.year)
    mismatched = [k for k, v in sql.items() if k in product and product[k].value != v]
    missing = [k for k in sql if k not in product]
    t = timed(
        {
            "county": lambda: collect(FigureQuery.for_year(args.year, county)),
            "sql": lambda: hand_sql(county.path, args.year),
            "province": lambda: collect(FigureQuery.for_year(args.year, province)),
            "province_sql": lambda: hand_sql(province.path, args.year),
        },
        args.reps,
    )
    ratio = t["county"] / t["sql"]
    print(f"\n{connection.vendor}，{args.year} 年，{county.name}（{len(product)} 项数据）")
    print("| 项目 | 产品 | 手写 SQL | 产品÷SQL | 目标 |")
    print("|---|---|---|---|---|")
    print(
        f"| 一个县的年度数据 | {t['county'] * 1000:.1f} ms | {t['sql'] * 1000:.1f} ms | {ratio:.2f} | "
        f"{'✔' if ratio <= GOAL_COUNTY else '✘'} ≤ {GOAL_COUNTY}× |"
    )
    print(
        f"| 全省年度数据 | {t['province'] * 1000:.0f} ms | {t['province_sql'] * 1000:.1f} ms | "
        f"{t['province'] / t['province_sql']:.2f} | {'✔' if t['province'] <= GOAL_PROVINCE_S else '✘'} "
        f"≤ {GOAL_PROVINCE_S:g} 秒 |"
    )
    print(
        "（手写 SQL 只算 7 项：复议收案、受理、审结、纠错率，应诉收案、审结、败诉率；产品算全部已注册数据项）"
    )
    for key, value in sql.items():
        have = product[key].value if key in product else "（无此项）"
        print(f"  {key}: 产品 {have}，SQL {value}{'' if have == value else '  ✘ 不一致'}")
    if mismatched or missing:
        sys.exit(f"产品数据与手写 SQL 不一致：{'、'.join(mismatched + missing)}")


if __name__ == "__main__":
    main()
