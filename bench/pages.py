"""Province pages and CPU per request, in process (issue 16 item 6; issue 11 item 2).

    .venv/bin/python bench/pages.py [--scale …] [--year 2024] [--reps 5]

On the province of ``bench/province.py``, as the province bureau user (``prov_bureau``), through Django's
test client in this process (no server: the figures are the product's work, not the network's):

* **province pages** — the comparison page ``/dashboard/compare/`` (default figure, and 执法 公示率), the
  province roll-up of every annual figure (``collect(FigureQuery.for_year(Y, province))``, every module)
  and the province's annual report as DOCX (``/reports/<pk>/report.docx``; the report is created for the
  province government and year when missing). Wall time, median of ``--reps`` interleaved after one
  warm-up each. Goals (issue 16 item 6): roll-up ≤ 2 s, DOCX ≤ 2 s.
* **CPU per request** (``time.process_time``, best of ``--reps``) of the list APIs and pages: on a shared
  machine wall time measures the neighbours, CPU time the product. ``BENCH_CODE=/path/to/other/tree``
  runs another tree's product code on the same database (before/after of a change).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from bench import province_enforcement  # noqa: E402, F401  (loaded from this tree before BENCH_CODE)
from bench.province import PROVINCE, generate, scale_from_args, setup_django  # noqa: E402
from fazhi.core.province_rows import LAST_YEAR  # noqa: E402

if os.environ.get("BENCH_CODE"):
    sys.path.insert(0, os.environ["BENCH_CODE"])  # the product (``fazhi``) from that tree

GOAL_S = 2.0


def wall(fns: dict[str, Callable[[], object]], reps: int) -> dict[str, float]:
    for fn in fns.values():
        fn()
    samples: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(reps):
        for key, fn in fns.items():
            t = time.perf_counter()
            fn()
            samples[key].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in samples.items()}


def cpu(fns: dict[str, Callable[[], object]], reps: int) -> dict[str, float]:
    for fn in fns.values():
        fn()
    best: dict[str, float] = {k: float("inf") for k in fns}
    for _ in range(reps):
        for key, fn in fns.items():
            t = time.process_time()
            fn()
            best[key] = min(best[key], time.process_time() - t)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--year", type=int, default=LAST_YEAR - 1)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--only", choices=["province", "cpu"], default=None)
    args, rest = parser.parse_known_args()
    scale = scale_from_args(rest)
    setup_django()
    print(generate(scale, progress=True), flush=True)
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from fazhi.core.figures import FigureQuery, collect
    from fazhi.orgs.models import OrgUnit, User

    setup_test_environment()  # the test client's host; nothing else of the test runner
    settings.DEBUG = False
    user = User.objects.get(username="prov_bureau")
    client = Client()
    client.force_login(user)
    province = OrgUnit.objects.get(code=PROVINCE)

    def get(url: str) -> Callable[[], object]:
        def fetch() -> object:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            return response.content

        return fetch

    if args.only in (None, "province"):
        report = _report(user, province, args.year)
        compare = reverse("dashboard:compare")
        pages = {
            "compare": get(f"{compare}?year={args.year}"),
            "compare_enforcement": get(f"{compare}?year={args.year}&key=enforcement.publicized_on_time_rate"),
            "rollup": lambda: collect(FigureQuery.for_year(args.year, province)),
        }
        if report is not None:
            pages["docx"] = get(reverse("reports:report_docx", args=[report.pk]))
        t = wall(pages, args.reps)
        n = len(collect(FigureQuery.for_year(args.year, province)))
        print(f"\n全省页面（{args.year} 年，省司法厅用户，进程内，墙钟时间中位数，{args.reps} 次）")
        print("| 页面 | 用时 | 目标 |")
        print("|---|---|---|")
        labels = {
            "compare": ("全省比较页（默认数据项）", None),
            "compare_enforcement": ("全省比较页（执法决定按时公示率）", None),
            "rollup": (f"全省年度数据汇总（{n} 项，全部模块）", GOAL_S),
            "docx": ("全省年度报告 DOCX", GOAL_S),
        }
        for key, seconds in t.items():
            label, goal = labels[key]
            mark = "" if goal is None else f"{'✔' if seconds <= goal else '✘'} ≤ {goal:g} 秒"
            print(f"| {label} | {seconds * 1000:.0f} ms | {mark} |")

    if args.only in (None, "cpu"):
        urls = {
            "复议 API 列表": "/api/v1/reconsideration/cases/",
            "应诉 API 列表": "/api/v1/litigation/cases/",
            "复议列表": reverse("reconsideration:case_list"),
            "应诉列表": reverse("litigation:case_list"),
        }
        try:
            urls["执法决定列表"] = reverse("enforcement:action_list")
        except Exception:
            pass
        t = cpu({k: get(u) for k, u in urls.items()}, max(args.reps, 7))
        print(f"\nCPU 每请求（process_time，{max(args.reps, 7)} 次取最小值，代码：{sys.path[0]}）")
        print("| 页面 | CPU |")
        print("|---|---|")
        for key, seconds in t.items():
            print(f"| {key} | {seconds * 1000:.1f} ms |")


def _report(user: object, province: object, year: int) -> object | None:
    """The province government's annual report of ``year`` (created through the service when missing)."""
    from fazhi.reports.models import AnnualReport
    from fazhi.reports.services import create_report

    report = AnnualReport.objects.filter(org=province, year=year).first()
    if report is None:
        report = create_report(actor=user, org=province, year=year)
    return report


if __name__ == "__main__":
    main()
